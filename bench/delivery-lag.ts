// Notification delivery lag: time from a booking's commit (its outbox row's created_at)
// to the relay recording the message as sent (sent_at), with a worker at the defaults
// (WORKER_POLL_MS, the relay's own polling) and the log-and-store mailer.
// Usage: node bench/delivery-lag.ts [--bookings 2000] [--rate 200]
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
import { config } from "../src/config.ts";
import { makeMailer } from "../src/notifications/mailer.ts";

const { values } = parseArgs({
  options: { bookings: { type: "string", default: "2000" }, rate: { type: "string", default: "200" } },
});
const bookings = Number(values.bookings);
const rate = Number(values.rate);

let url = process.env.DATABASE_URL;
let stop = async () => {};
let dir: string | undefined;
if (!url) {
  dir = mkdtempSync(join(tmpdir(), "evently-delivery-"));
  const server = await startEmbedded({ dataDir: dir, port: 55000 + (process.pid % 1000), persistent: false });
  await ensureDatabase(server.adminUrl, "delivery");
  url = server.urlFor("delivery");
  stop = () => server.stop();
}
process.env.LOG_LEVEL ??= "warn";
await migrateDatabase(url);
const pool = makePool(url, 12);
const { rows: users } = await pool.query(
  "insert into evently.users (email, name) select 'lag-' || i || '@example.com', 'U' from generate_series(1, $1) i returning id",
  [bookings],
);
const { rows: [event] } = await pool.query(
  "insert into evently.events (name, starts_at, capacity, max_tickets_per_user) values ('Lag', now() + interval '1 day', $1, 1) returning id",
  [bookings],
);
// The worker has its own pool, as under npm start (the API's requests never queue ahead of it).
const workerPool = makePool(url, 10);
const runner = await startWorker({
  pgPool: workerPool, concurrency: config.workerConcurrency, pollInterval: config.workerPollMs, crontab: true,
  mailer: makeMailer(undefined, "Evently <no-reply@evently.local>"),
});
// Bookings at a steady rate, as many at once as the rate needs.
const started = Date.now();
await Promise.all(users.map(async (u, i) => {
  const due = started + (i * 1000) / rate;
  await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
  const c = await pool.connect();
  try {
    await c.query("begin");
    await c.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [u.id]);
    await c.query("select evently.book_tickets($1, 1)", [event.id]);
    await c.query("commit");
  } finally {
    c.release();
  }
}));
for (;;) {
  const { rows: [{ pending }] } = await pool.query("select count(*)::int as pending from evently.notifications where status = 'pending'");
  if (pending === 0) break;
  await new Promise((r) => setTimeout(r, 200));
}
// created_at is the booking transaction's start; the commit follows within milliseconds.
const { rows: lags } = await pool.query("select extract(epoch from sent_at - created_at) * 1000 as ms from evently.notifications order by 1");
const ms = lags.map((r) => Number(r.ms));
const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))].toFixed(0);
console.log(`notification delivery lag over ${ms.length} bookings at ${rate}/s (worker concurrency ${config.workerConcurrency}, poll ${config.workerPollMs} ms): p50 ${pct(50)} ms, p90 ${pct(90)} ms, p99 ${pct(99)} ms, max ${ms[ms.length - 1].toFixed(0)} ms`);
await runner.stop();
await workerPool.end();
await pool.end();
await stop();
if (dir) rmSync(dir, { recursive: true, force: true });
