// Does a booking cost more as its event sells? pgbench books one hot event for a long run
// (8 clients, unlimited capacity) and reports bookings/s in each interval: a path whose cost
// grows with the event's bookings shows a falling row. Autovacuum is off for the tables a
// booking writes during the run: on a table of millions of rows autoanalyze waits for 10 %
// of them to change, so a sale of thousands is planned with statistics that never saw its
// event, as here. With --call hold, each run starts with no holds and no jobs, as a rush on a
// quiet database does. With --variant FILE.sql (applied to the throwaway database only), the same
// run again as the variant has it, then as it is now again.
// Usage: node bench/profile/event-growth.ts [--database-url U] [--seconds 60] [--interval 10] [--clients 8] [--call book|hold] [--variant F.sql]
// Writes bench/results/<stamp>-profile-event-growth.md.
import "../../src/cli/env.ts";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../../src/config.ts";
import { openBenchDatabase, reapplyFunctions } from "../database.ts";
import { createEvents } from "../fixtures.ts";
import { runPgbench } from "../ceiling/pgbench.ts";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    seconds: { type: "string", default: "60" },
    interval: { type: "string", default: "10" },
    clients: { type: "string", default: "8" },
    variant: { type: "string" },
    // book: evently.book_tickets; hold: evently.hold_tickets (holds stay active: a hold rush).
    call: { type: "string", default: "book" },
  },
});
const seconds = Number(values.seconds);
const interval = Number(values.interval);
const clients = Number(values.clients);
const users = 20_000;
const call = values.call === "hold" ? "hold" : "evently";
const log = (line: string) => console.error(line);

const db = await openBenchDatabase(values["database-url"] ?? process.env.DATABASE_URL, users);
for (const table of ["evently.bookings", "evently.tickets", "evently.holds", "evently.notifications", "evently_private.idempotency_keys"]) {
  await db.pool.query(`alter table ${table} set (autovacuum_enabled = off)`);
}

interface Row { label: string; intervals: number[]; booked: number }
const rows: Row[] = [];
let run = 0;
async function measure(label: string): Promise<void> {
  const r = ++run;
  if (call === "hold") {
    // Each run starts as a rush on a quiet database does: the earlier holds ended and their
    // jobs are gone (finished jobs are deleted), and the statistics say so.
    await db.pool.query("delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'expire_hold')");
    await db.pool.query("delete from evently.holds");
    await db.pool.query("vacuum analyze evently.holds, graphile_worker._private_jobs");
  }
  const { ids: [event] } = await createEvents(db.pool, r, 1, 2_000_000_000, "evently");
  log(`${label}: pgbench -c ${clients} -T ${seconds} -P ${interval} …`);
  const result = await runPgbench({ url: db.url, clients, seconds, run: r, events: 1, users, script: call, progressSeconds: interval });
  const { rows: [{ booked }] } = await db.pool.query<{ booked: number }>("select booked + held as booked from evently.events where id = $1", [event]);
  rows.push({ label, intervals: result.intervals, booked });
  log(`  ${result.intervals.map((x) => x.toFixed(0)).join(" → ")} per second; ${booked} tickets taken`);
}

try {
  await measure("now");
  if (values.variant) {
    await db.pool.query(readFileSync(values.variant, "utf8"));
    await measure(`variant ${basename(values.variant)}`);
    await reapplyFunctions(db.pool);
    await measure("now (again)");
  }
} finally {
  await db.close();
}

const stamp = new Date().toISOString().replace(/[:T]/g, "-").slice(0, 16);
const columns = rows[0].intervals.map((_, i) => `${(i + 1) * interval} s`);
const lines = [
  `# Cost as an event sells — ${stamp}`,
  "",
  `Command: \`node bench/profile/event-growth.ts ${process.argv.slice(2).join(" ")}\`; pgbench, ${clients} clients calling ${call === "hold" ? "hold_tickets" : "book_tickets"}, one event with unlimited capacity, ` +
    `${call === "hold" ? "holds" : "bookings"}/s in each ${interval} s interval, autovacuum off for the tables a booking writes (statistics that never saw the event).`,
  "",
  `| run | ${columns.join(" | ")} | last ÷ first | ${call === "hold" ? "held" : "booked"} |`,
  `|---|${columns.map(() => "--:").join("|")}|--:|--:|`,
  ...rows.map((r) => `| ${r.label} | ${r.intervals.map((x) => x.toFixed(0)).join(" | ")} | ${(r.intervals.at(-1)! / r.intervals[0]).toFixed(2)} | ${r.booked} |`),
  "",
];
const file = join(projectRoot, "bench", "results", `${stamp}-profile-event-growth.md`);
writeFileSync(file, lines.join("\n"));
console.log(lines.join("\n"));
console.log(`written: ${file}`);
