// Hold-expiry lag: time from a hold's expires_at to its release by the worker's
// expire_hold job. Usage: node bench/expiry-lag.ts [--holds 300] [--poll-ms 2000]
// Uses DATABASE_URL or a throwaway embedded PostgreSQL; prints p50/p90/p99/max.
import "../src/cli/env.ts";
import { parseArgs } from "node:util";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbedded } from "../src/db/embedded.ts";
import { ensureDatabase } from "../src/db/database.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { startWorker } from "../src/worker.ts";
import { makePool } from "../src/db/pool.ts";

const { values } = parseArgs({
  options: { holds: { type: "string", default: "300" }, "poll-ms": { type: "string", default: "2000" } },
});
const holds = Number(values.holds);
const pollInterval = Number(values["poll-ms"]);

let url = process.env.DATABASE_URL;
let stop = async () => {};
let dir: string | undefined;
if (!url) {
  dir = mkdtempSync(join(tmpdir(), "evently-lag-"));
  const server = await startEmbedded({ dataDir: dir, port: 54000 + (process.pid % 1000), persistent: false });
  await ensureDatabase(server.adminUrl, "lag");
  url = server.urlFor("lag");
  stop = () => server.stop();
}
process.env.LOG_LEVEL ??= "warn";
await migrateDatabase(url);
const pool = makePool(url, 8);
const { rows: [admin] } = await pool.query("insert into evently.users (email, name, role) values ('lag-admin@example.com', 'A', 'admin') returning id");
const client = await pool.connect();
await client.query("begin");
await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [admin.id]);
const { rows: [event] } = await client.query(
  "select id from evently.create_event('Lag', now() + interval '1 day', $1, hold_ttl => '10 seconds', max_tickets_per_user => 1)",
  [holds],
);
await client.query("commit");
client.release();
const { rows: users } = await pool.query(
  "insert into evently.users (email, name) select 'lag-' || i || '@example.com', 'U' from generate_series(1, $1) i returning id",
  [holds],
);
const runner = await startWorker({ pgPool: pool, concurrency: 4, pollInterval, crontab: false });
// Spread creation over ~5 s so expiries do not all land on one poll.
for (const [i, u] of users.entries()) {
  const c = await pool.connect();
  await c.query("begin");
  await c.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [u.id]);
  await c.query("select evently.hold_tickets($1, 1)", [event.id]);
  await c.query("commit");
  c.release();
  if (i % 10 === 9) await new Promise((r) => setTimeout(r, 5000 / (holds / 10)));
}
for (;;) {
  const { rows: [{ active }] } = await pool.query("select count(*)::int as active from evently.holds where status = 'active'");
  if (active === 0) break;
  await new Promise((r) => setTimeout(r, 500));
}
const { rows: lags } = await pool.query(
  "select extract(epoch from closed_at - expires_at) * 1000 as ms from evently.holds where status = 'expired' order by 1",
);
const ms = lags.map((r) => Number(r.ms));
const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))].toFixed(0);
console.log(`hold-expiry lag over ${ms.length} holds (worker pollInterval ${pollInterval} ms): p50 ${pct(50)} ms, p90 ${pct(90)} ms, p99 ${pct(99)} ms, max ${ms[ms.length - 1].toFixed(0)} ms`);
await runner.stop();
await pool.end();
await stop();
if (dir) rmSync(dir, { recursive: true, force: true });
