// What a refusal costs on a sold-out hot event, same run A/B: CLIENTS connections call
// evently.book_tickets on an event with no ticket left while one more connection keeps
// booking... nothing (the event is sold out) but holds its row the way a booking does
// (a transaction that updates the row and sleeps 2 ms before committing, in a loop), so
// refusals that wait for the row show it. Then again with --variant applied.
// Usage: node bench/profile/refusals.ts [--database-url U] [--seconds 8] [--clients 8] [--variant F.sql]
import "../../src/cli/env.ts";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { openBenchDatabase, reapplyFunctions } from "../database.ts";
import { createEvents } from "../fixtures.ts";
import { userId } from "../ids.ts";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    seconds: { type: "string", default: "8" },
    clients: { type: "string", default: "8" },
    variant: { type: "string" },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const db = await openBenchDatabase(values["database-url"] ?? process.env.DATABASE_URL, 2000);
let run = 100;

async function measure(label: string): Promise<{ label: string; refusals: number; perSec: number; p99: number }> {
  const { ids: [event] } = await createEvents(db.pool, ++run, 1, 1, "evently");
  await db.pool.query("update evently.events set booked = 1 where id = $1", [event]); // sold out (counters only: no rows needed for refusals)
  await db.pool.query("insert into evently.bookings (event_id, user_id, quantity, total_cents) values ($1, $2, 1, 0)", [event, userId(1)]);
  const pool = new pg.Pool({ connectionString: db.url, max: clients + 1 });
  const until = Date.now() + seconds * 1000;
  const holder = (async () => {
    const c = await pool.connect();
    while (Date.now() < until) {
      await c.query("begin");
      await c.query("update evently.events set updated_at = now() where id = $1", [event]);
      await c.query("select pg_sleep(0.002)");
      await c.query("commit");
    }
    c.release();
  })();
  const latencies: number[] = [];
  await Promise.all(Array.from({ length: clients }, async (_, i) => {
    const c = await pool.connect();
    let n = 0;
    while (Date.now() < until) {
      const started = performance.now();
      await c.query("begin");
      await c.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [userId(10 + i)]);
      const code = await c.query("select evently.book_tickets($1, 1, $2)", [event, `r-${i}-${n++}`]).then(() => "ok", (e: { code?: string }) => e.code);
      await c.query(code === "ok" ? "commit" : "rollback");
      if (code !== "EVSLD") throw new Error(`expected EVSLD, got ${code}`);
      latencies.push(performance.now() - started);
    }
    c.release();
  }));
  await holder;
  await pool.end();
  latencies.sort((a, b) => a - b);
  const result = { label, refusals: latencies.length, perSec: latencies.length / seconds, p99: latencies[Math.floor(latencies.length * 0.99)] };
  console.error(`${label}: ${result.perSec.toFixed(0)} refusals/s, p99 ${result.p99.toFixed(1)} ms`);
  return result;
}

const results = [await measure("book_tickets now")];
if (values.variant) {
  await db.pool.query(readFileSync(values.variant, "utf8"));
  results.push(await measure(`variant ${basename(values.variant)}`));
  await reapplyFunctions(db.pool);
  results.push(await measure("book_tickets now (again)"));
}
await db.close();
console.log(`Command: \`node bench/profile/refusals.ts ${process.argv.slice(2).join(" ")}\`; ${clients} clients, ${seconds} s each, one sold-out event whose row another connection keeps locked 2 ms at a time.\n`);
console.log("| run | refusals/s | p99 ms |\n|---|--:|--:|");
for (const r of results) console.log(`| ${r.label} | ${r.perSec.toFixed(0)} | ${r.p99.toFixed(1)} |`);
process.exit(0);
