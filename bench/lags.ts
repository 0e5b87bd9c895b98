// The worker's two lags the issue sets targets for (p99 ≤ 1 s each), with a worker at the
// defaults (WORKER_POLL_MS, WORKER_CONCURRENCY):
// - hold expiry: a hold's expires_at → its release by the expire_hold job;
// - notification delivery: a booking's outbox row (created_at, the booking transaction's
//   start) → the relay recording the message as sent (sent_at), log-and-store mailer.
// Each runs in a migrated database of its own (nothing else queued there). Used by
// bench/expiry-lag.ts, bench/delivery-lag.ts and `npm run bench -- --suite`.
import type pg from "pg";
import { config } from "../src/config.ts";
import { log } from "../src/log.ts";
import { makePool } from "../src/db/pool.ts";
import { makeMailer } from "../src/notifications/mailer.ts";
import { startWorker } from "../src/worker.ts";
import { asUser } from "../test/helpers.ts";
import { newHistogram, summarize } from "./stats.ts";
import { lagLine } from "./report/console.ts";
import { eventNotificationsDelivered, freshDatabase, until } from "./database.ts";

export interface Lag {
  what: "hold expiry" | "notification delivery";
  /** How it was measured (counts, rate, the worker's settings). */
  setting: string;
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function lagOf(what: Lag["what"], setting: string, ms: number[]): Lag {
  const h = newHistogram();
  for (const v of ms) h.recordValue(Math.max(1, Math.round(v * 1000)));
  const { count, p50, p90, p99, max } = summarize(h);
  // A percentile is its bucket's top (within 0.1 %), which can pass the exact maximum.
  return { what, setting, n: count, p50: Math.min(p50, max), p90: Math.min(p90, max), p99: Math.min(p99, max), max };
}

/** Holds of 10 s made over ~5 s (so expiries do not all land on one poll), released by the worker. */
export async function measureExpiryLag(url: string, opts: { holds?: number; pollMs?: number } = {}): Promise<Lag> {
  const holds = opts.holds ?? 300;
  const pollInterval = opts.pollMs ?? config.workerPollMs;
  const pool = makePool(url, 8);
  try {
    const { rows: [admin] } = await pool.query("insert into evently.users (email, name, role) values ('lag-admin@example.com', 'A', 'admin') returning id");
    const event = await asUser(pool, admin.id, async (c) => (await c.query(
      "select id from evently.create_event('Lag', now() + interval '1 day', $1, hold_ttl => '10 seconds', max_tickets_per_user => 1)",
      [holds],
    )).rows[0]);
    const { rows: users } = await pool.query(
      "insert into evently.users (email, name) select 'lag-' || i || '@example.com', 'U' from generate_series(1, $1) i returning id",
      [holds],
    );
    const runner = await startWorker({ pgPool: pool, concurrency: config.workerConcurrency, pollInterval, crontab: false });
    try {
      for (const [i, u] of users.entries()) {
        await asUser(pool, u.id, (c) => c.query("select evently.hold_tickets($1, 1)", [event.id]));
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 5000 / (holds / 10)));
      }
      await until(pool, "select count(*) = 0 as done from evently.holds where status = 'active'", [], { everyMs: 500 });
    } finally {
      await runner.stop();
    }
    const { rows } = await pool.query("select extract(epoch from closed_at - expires_at) * 1000 as ms from evently.holds where status = 'expired'");
    return lagOf("hold expiry", `${rows.length} holds (poll ${pollInterval} ms, concurrency ${config.workerConcurrency})`, rows.map((r) => Number(r.ms)));
  } finally {
    await pool.end();
  }
}

/** One-ticket bookings at a steady rate, each by its own user; the worker relays their notifications. */
export async function measureDeliveryLag(url: string, opts: { bookings?: number; rate?: number } = {}): Promise<Lag> {
  const bookings = opts.bookings ?? 2000;
  const rate = opts.rate ?? 200;
  const pool = makePool(url, 12);
  // The worker has its own pool, as under npm start (the API's requests never queue ahead of it).
  const workerPool = makePool(url, 10);
  try {
    const { rows: users } = await pool.query(
      "insert into evently.users (email, name) select 'lag-' || i || '@example.com', 'U' from generate_series(1, $1) i returning id",
      [bookings],
    );
    const { rows: [event] } = await pool.query(
      "insert into evently.events (name, starts_at, capacity, max_tickets_per_user) values ('Lag', now() + interval '1 day', $1, 1) returning id",
      [bookings],
    );
    const runner = await startWorker({
      pgPool: workerPool, concurrency: config.workerConcurrency, pollInterval: config.workerPollMs, crontab: true,
      mailer: makeMailer(undefined, "Evently <no-reply@evently.local>"),
    });
    try {
      const started = Date.now();
      await Promise.all(users.map(async (u, i) => {
        await new Promise((r) => setTimeout(r, Math.max(0, started + (i * 1000) / rate - Date.now())));
        await asUser(pool, u.id, (c) => c.query("select evently.book_tickets($1, 1)", [event.id]));
      }));
      await eventNotificationsDelivered(pool, event.id, { everyMs: 200 });
    } finally {
      await runner.stop();
    }
    const { rows } = await pool.query("select extract(epoch from sent_at - created_at) * 1000 as ms from evently.notifications where event_id = $1", [event.id]);
    return lagOf(
      "notification delivery",
      `${rows.length} bookings at ${rate}/s (poll ${config.workerPollMs} ms, concurrency ${config.workerConcurrency})`,
      rows.map((r) => Number(r.ms)),
    );
  } finally {
    await workerPool.end();
    await pool.end();
  }
}

/** Both lags, each in a fresh database on the server at adminUrl (dropped afterwards). */
export async function measureLags(adminUrl: string, report: (line: string) => void): Promise<Lag[]> {
  const lags: Lag[] = [];
  for (const measure of [measureExpiryLag, measureDeliveryLag]) {
    lags.push(await inScratchDatabase(adminUrl, `evently_lag_${process.pid}`, (url) => measure(url)));
    report(lagLine(lags[lags.length - 1]));
  }
  return lags;
}

/** A fresh, migrated database for fn, dropped afterwards; the log (the worker's, the migration's) says only warnings meanwhile. */
export async function inScratchDatabase<T>(adminUrl: string, name: string, fn: (url: string) => Promise<T>): Promise<T> {
  const level = log.level;
  log.level = "warn";
  try {
    const database = await freshDatabase(adminUrl, name);
    try {
      return await fn(database.url);
    } finally {
      await database.drop();
    }
  } finally {
    log.level = level;
  }
}
