// The ceilings measured in the same run as the API: L_hot and L_spread (pgbench straight
// into evently.book_tickets, best of a few client counts) and bare HTTP (the do-nothing
// Express endpoint under the bench's own load generator).
import type { BenchDatabase } from "../database.ts";
import { createEvents } from "../fixtures.ts";
import { eventId } from "../ids.ts";
import { bareHttpBooker } from "../interfaces/bare-http.ts";
import { runLoad } from "../load.ts";
import { perSecond, summarize, type LatencySummary } from "../stats.ts";
import { startBareServer } from "./bare-http.ts";
import { watchCpu, type CpuUse } from "../cpu-watch.ts";
import { PGBENCH, pgbenchAvailable, runPgbench, type PgbenchResult } from "./pgbench.ts";
import { DEFAULT_BATCH } from "../../src/booking/batcher.ts";

export type PgbenchCeiling = PgbenchResult & { all: PgbenchResult[]; cpu: CpuUse[]; seconds: number };

/** PostgreSQL CPU milliseconds per booking of a ceiling at a client count. */
export function pgMsPerBooking(c: PgbenchCeiling | undefined, clients: number): number | undefined {
  const i = c?.all.findIndex((r) => r.clients === clients) ?? -1;
  if (!c || i < 0 || !c.cpu[i] || c.all[i].tps <= 0) return undefined;
  return (c.cpu[i].postgres * c.cpu[i].capacitySeconds * 1000) / (c.all[i].tps * c.seconds);
}

export interface Ceiling {
  /** Why pgbench figures are missing, when they are. */
  pgbenchMissing?: string;
  /** bench.book_min (one conditional UPDATE + one INSERT) on one hot row. */
  lMin?: PgbenchCeiling;
  lHot?: PgbenchCeiling;
  lSpread?: PgbenchCeiling & { events: number };
  lBatch?: BatchCeiling;
  bareHttp?: { requestsPerSec: number; clients: number; latency: LatencySummary; cpu: CpuUse };
  /** bench/host-speed.ts before the ceilings (ms; lower is faster). */
  hostMs?: number;
}

/** Every CPU reading taken during the ceilings (the quietness check). */
export function ceilingCpu(c: Ceiling | undefined): CpuUse[] {
  if (!c) return [];
  return [...(c.lMin?.cpu ?? []), ...(c.lHot?.cpu ?? []), ...(c.lSpread?.cpu ?? []), ...(c.lBatch ? [c.lBatch.cpu] : []), ...(c.bareHttp ? [c.bareHttp.cpu] : [])];
}

export interface CeilingOptions {
  db: BenchDatabase;
  /** For the CPU watch: the server's postmaster (undefined: not on this machine). */
  postmasterPid?: number;
  users: number;
  jwtSecret: string;
  pgbenchClients: number[];
  pgbenchSeconds: number;
  spreadEvents: number;
  httpClients: number;
  httpSeconds: number;
  nextRun(): number;
  log(line: string): void;
}

const UNLIMITED = 2_000_000_000;

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

async function best(opts: CeilingOptions, run: number, events: number, label: string, script: "evently" | "min" = "evently"): Promise<PgbenchCeiling> {
  const all: PgbenchResult[] = [];
  const cpu: CpuUse[] = [];
  for (const clients of opts.pgbenchClients) {
    opts.log(`ceiling ${label}: pgbench -c ${clients} -T ${opts.pgbenchSeconds} …`);
    const watch = watchCpu({ postmasterPid: opts.postmasterPid, database: opts.db.name });
    const r = await runPgbench({ url: opts.db.url, clients, seconds: opts.pgbenchSeconds, run, events, users: opts.users, script });
    const use = watch.stop();
    cpu.push(use);
    const pgMs = (use.postgres * use.capacitySeconds * 1000) / Math.max(1, r.tps * opts.pgbenchSeconds);
    opts.log(`  ${label} at ${clients} clients: ${r.tps.toFixed(0)} bookings/s${r.failed ? ` (${r.failed} failed)` : ""}; CPU pgbench ${pct(use.tools)}, PostgreSQL ${pct(use.postgres)} (${pgMs.toFixed(2)} ms per booking), other ${pct(use.other)}`);
    all.push(r);
  }
  return { ...all.reduce((a, b) => (b.tps > a.tps ? b : a)), all, cpu, seconds: opts.pgbenchSeconds };
}

/**
 * The ceiling measured again right before one run (pgbench at 8 clients on fresh events of
 * unlimited capacity): what the database alone did while the host was as fast or slow as
 * during that run. The host's speed drifts by a third within a suite (bench/host-speed.ts),
 * so a ratio against the one ceiling taken at the start can be off by as much; against
 * this one the drift hits both sides.
 */
export interface CeilingBeside {
  name: "L_hot" | "L_spread";
  tps: number;
  clients: number;
  seconds: number;
}

const BESIDE_CLIENTS = 8;
const BESIDE_SECONDS = 6;
const BESIDE_WARMUP_SECONDS = 2;

export async function measureCeilingBeside(
  opts: Pick<CeilingOptions, "db" | "users" | "spreadEvents" | "nextRun" | "log">,
  scenario: "hot" | "spread",
): Promise<CeilingBeside> {
  const name = scenario === "hot" ? "L_hot" : "L_spread";
  const events = scenario === "hot" ? 1 : opts.spreadEvents;
  const run = opts.nextRun();
  await createEvents(opts.db.pool, run, events, UNLIMITED, "evently");
  // Unmeasured first, as every run warms up: right after the checkpoint that settles the
  // database its first seconds ran a quarter below the steady rate (stop 29's findings).
  const warm = await runPgbench({ url: opts.db.url, clients: BESIDE_CLIENTS, seconds: BESIDE_WARMUP_SECONDS, run, events, users: opts.users });
  const r = await runPgbench({ url: opts.db.url, clients: BESIDE_CLIENTS, seconds: BESIDE_SECONDS, run, events, users: opts.users });
  opts.log(`  ${name} beside the next run: ${r.tps.toFixed(0)} bookings/s (pgbench -c ${BESIDE_CLIENTS} -T ${BESIDE_SECONDS}; ${warm.tps.toFixed(0)} in the ${BESIDE_WARMUP_SECONDS} s warm-up)`);
  return { name, tps: r.tps, clients: BESIDE_CLIENTS, seconds: BESIDE_SECONDS };
}

/**
 * L_batch: evently_private.book_tickets_batch straight from pgbench, as the booker sends it
 * (src/booking/batcher.ts: maxBatch bookings per call, maxInFlight calls at once), on one
 * event with unlimited capacity. What the database does on the batched path: batched REST
 * and GraphQL far below it are bound by the app, not by PostgreSQL.
 */
export interface BatchCeiling {
  bookingsPerSec: number;
  /** Bookings per call, and calls at once (pgbench clients). */
  size: number;
  clients: number;
  seconds: number;
  /** Bookings the measured calls asked for and did not make: 0 unless something refused. */
  notBooked: number;
  /** PostgreSQL CPU per booking, ms. */
  pgMsPerBooking: number;
  cpu: CpuUse;
}

export async function measureBatchCeiling(
  opts: Pick<CeilingOptions, "postmasterPid" | "users" | "pgbenchSeconds" | "log"> & { db: Pick<BenchDatabase, "url" | "name" | "pool"> },
  run: number,
  { size = DEFAULT_BATCH.maxBatch, clients = DEFAULT_BATCH.maxInFlight } = {},
): Promise<BatchCeiling> {
  const event = eventId(run, 1);
  const pgbench = (seconds: number) =>
    runPgbench({ url: opts.db.url, clients, seconds, run, events: 1, users: opts.users, script: "batch", batchSize: size });
  const booked = async () =>
    (await opts.db.pool.query<{ n: number }>("select count(*)::int as n from evently.bookings where event_id = $1", [event])).rows[0].n;
  opts.log(`ceiling L_batch: pgbench -c ${clients} -T ${opts.pgbenchSeconds}, ${size} bookings per call …`);
  // Unmeasured first, as the ceilings beside each run: a new session's first calls cost more.
  await pgbench(BESIDE_WARMUP_SECONDS);
  const before = await booked();
  const watch = watchCpu({ postmasterPid: opts.postmasterPid, database: opts.db.name });
  const r = await pgbench(opts.pgbenchSeconds);
  const cpu = watch.stop();
  const made = (await booked()) - before;
  const bookingsPerSec = r.transactions > 0 ? (r.tps * made) / r.transactions : 0;
  const pgMsPerBooking = (cpu.postgres * cpu.capacitySeconds * 1000) / Math.max(1, made);
  const notBooked = r.transactions * size - made;
  opts.log(`  L_batch: ${bookingsPerSec.toFixed(0)} bookings/s (${r.tps.toFixed(0)} calls/s)${notBooked ? `, ${notBooked} not booked` : ""}; CPU pgbench ${pct(cpu.tools)}, PostgreSQL ${pct(cpu.postgres)} (${pgMsPerBooking.toFixed(2)} ms per booking), other ${pct(cpu.other)}`);
  return { bookingsPerSec, size, clients, seconds: opts.pgbenchSeconds, notBooked, pgMsPerBooking, cpu };
}

export async function measureCeiling(opts: CeilingOptions): Promise<Ceiling> {
  const ceiling: Ceiling = {};
  if (!pgbenchAvailable()) {
    ceiling.pgbenchMissing = `pgbench not found at ${PGBENCH} (install postgresql-client or set PGBENCH): L_hot and L_spread not measured`;
    opts.log(`WARNING: ${ceiling.pgbenchMissing}`);
  } else {
    const minRun = opts.nextRun();
    await createEvents(opts.db.pool, minRun, 1, UNLIMITED, "bench");
    ceiling.lMin = await best(opts, minRun, 1, "L_min", "min");
    const hotRun = opts.nextRun();
    await createEvents(opts.db.pool, hotRun, 1, UNLIMITED, "evently");
    ceiling.lHot = await best(opts, hotRun, 1, "L_hot");
    const spreadRun = opts.nextRun();
    await createEvents(opts.db.pool, spreadRun, opts.spreadEvents, UNLIMITED, "evently");
    ceiling.lSpread = { ...(await best(opts, spreadRun, opts.spreadEvents, "L_spread")), events: opts.spreadEvents };
    const batchRun = opts.nextRun();
    await createEvents(opts.db.pool, batchRun, 1, UNLIMITED, "evently");
    ceiling.lBatch = await measureBatchCeiling(opts, batchRun);
  }

  opts.log(`ceiling bare HTTP: ${opts.httpClients} clients, ${opts.httpSeconds} s …`);
  const server = await startBareServer();
  const booker = bareHttpBooker(server.url, opts.jwtSecret, opts.httpClients);
  try {
    const send = (i: number) => booker.book("00000000-0000-4000-9000-000000000000", 1 + (i % opts.users), `bare-${i}`);
    await runLoad({ clients: opts.httpClients, durationMs: 2_000, maxRequests: 5_000, send });
    const watch = watchCpu({ postmasterPid: opts.postmasterPid, database: opts.db.name, appPids: [server.pid] });
    const load = await runLoad({ clients: opts.httpClients, durationMs: opts.httpSeconds * 1000, maxRequests: Infinity, send });
    ceiling.bareHttp = {
      cpu: watch.stop(),
      requestsPerSec: perSecond(load.successes, load.elapsedMs),
      clients: opts.httpClients,
      latency: summarize(load.latency),
    };
    opts.log(`  bare HTTP: ${ceiling.bareHttp.requestsPerSec.toFixed(0)} requests/s; CPU other ${pct(ceiling.bareHttp.cpu.other)}`);
  } finally {
    await booker.close();
    await server.stop();
  }
  return ceiling;
}
