// One measured run: fresh events for the scenario, a warm-up on a separate event, the
// load, then the invariant check on this run's events only. The seats scenario holds
// best-available seats (2–6 per request) on a reserved-seating event instead of booking
// one general-admission ticket per request.
import type { CeilingBeside } from "./ceiling/measure.ts";
import type { Interface, Scenario, Strategy } from "./args.ts";
import { eventNotificationsDelivered, type BenchDatabase } from "./database.ts";
import { createEvents, createSeatedEvents } from "./fixtures.ts";
import { checkInvariants, checkSeatInvariants, type InvariantResult, type SeatRefusal } from "./invariants.ts";
import type { AppFleet } from "./instances.ts";
import { graphqlBooker } from "./interfaces/graphql.ts";
import { restBooker } from "./interfaces/rest.ts";
import { sqlBooker } from "./interfaces/sql.ts";
import type { Booker, Outcome } from "./interfaces/types.ts";
import { runLoad } from "./load.ts";
import { watchCpu, type CpuUse } from "./cpu-watch.ts";
import { perSecond, summarize, type LatencySummary } from "./stats.ts";
import { startPushProbe, type PushLatency } from "./push-latency.ts";
import { threadCpuSeconds } from "./procfs.ts";

export interface RunSpec {
  scenario: Scenario;
  strategy: Strategy;
  iface: Interface;
  clients: number;
  instances: number;
  rate?: number;
  durationMs: number;
  /** Tickets on sale in total; demand is 10×. Seats: seats in the venue; demand is 2× (in seats). */
  capacity: number;
  /** Spread scenario: number of events. */
  events: number;
  sqlPool: number;
  /** Warm-up before the measured run: at most this many requests, for at most warmupMs. */
  warmup: number;
  warmupMs: number;
  note?: string;
}

export type CpuShare = CpuUse;

export interface RunResult {
  spec: RunSpec;
  label: string;
  requests: number;
  successes: number;
  refusals: number;
  errors: number;
  notSent: number;
  elapsedMs: number;
  /** Bookings per second while tickets were left (start → last success). */
  successesPerSec: number;
  /** Refusals per second (first → last refusal). */
  refusalsPerSec: number;
  /** All answered requests over the whole run. */
  requestsPerSec: number;
  /** Seats scenario: seats granted in holds, and per second while seats lasted (start → last success). */
  seatsGranted?: number;
  seatsPerSec?: number;
  latency: LatencySummary;
  /** Peak RSS per app instance (MB); empty for direct SQL. */
  rssMb: number[];
  cpu?: CpuShare;
  invariants: InvariantResult;
  errorSamples: Array<[string, number]>;
  /** bench/host-speed.ts right after the run (ms; lower is faster). */
  hostMs?: number;
  /** HTTP runs: live-update push latency during the load (bench/push-latency.ts). */
  push?: PushLatency;
  /**
   * HTTP runs, averaged over the app instances: how busy the main thread was (its CPU ÷ the
   * run's time; 1 is saturated) and the other threads' CPU in cores (V8's GC, libuv).
   */
  appThreads?: { mainBusy: number; otherCores: number };
  /** HTTP runs of the hot and spread scenarios: the ceiling measured again right before the run (bench/cli.ts). */
  beside?: CeilingBeside;
}

export interface RunContext {
  db: BenchDatabase;
  users: number;
  jwtSecret: string;
  /** Starts (or reuses) at least n app instances. */
  fleet(n: number, batch: boolean): Promise<AppFleet>;
  postmasterPid?: number;
  nextRun(): number;
  log(line: string): void;
}

export function runLabel(spec: RunSpec): string {
  const iface = spec.iface === "sql" ? "sql" : `${spec.iface}${spec.instances > 1 ? ` x${spec.instances}` : ""}`;
  const model = spec.rate ? `${spec.clients} clients @ ${spec.rate}/s` : `${spec.clients} clients`;
  return `${spec.scenario} · ${spec.strategy} · ${iface} · ${model}`;
}

/** Seats asked by request i: 2, 3, 4, 5, 6, 2, … (4 on average). */
export function seatQuantity(i: number): number {
  return 2 + (i % 5);
}

/** Requests for the seats scenario: demand is twice the seats on sale. */
export function seatRequests(seats: number): number {
  return Math.ceil((2 * seats) / 4);
}

async function freeSeats(pool: RunContext["db"]["pool"], event: string): Promise<number> {
  const { rows } = await pool.query("select capacity - held - booked as free from evently.events where id = $1", [event]);
  return rows[0].free;
}

/** The -batch interfaces run app instances with booking batching on; the others with it off. */
export function batched(spec: RunSpec): boolean {
  return spec.iface.endsWith("-batch");
}

async function booker(ctx: RunContext, spec: RunSpec): Promise<Booker> {
  if (spec.iface === "sql") return sqlBooker(ctx.db.url, ctx.db.authUrl, spec.strategy, spec.sqlPool);
  const fleet = await ctx.fleet(spec.instances, batched(spec));
  const urls = fleet.instances.slice(0, spec.instances).map((i) => i.url);
  const label = batched(spec) ? "-batch" : "";
  if (spec.iface.startsWith("rest")) return restBooker(urls, ctx.jwtSecret, spec.clients, label);
  return graphqlBooker(urls, ctx.jwtSecret, spec.clients, label);
}

export async function runOne(ctx: RunContext, spec: RunSpec): Promise<RunResult> {
  const label = runLabel(spec);
  const table = spec.strategy === "atomic" ? "evently" : "bench";
  const seats = spec.scenario === "seats";
  const run = ctx.nextRun();
  let eventIds: string[];
  let demand: number;
  let warmEvent: string | undefined;
  let capacity = spec.capacity;
  if (seats) {
    // The warm-up event is a second event on the same venue: same layout, same plans.
    const set = await createSeatedEvents(ctx.db.pool, run, spec.capacity, spec.warmup > 0 ? 2 : 1);
    [eventIds, warmEvent] = [set.ids.slice(0, 1), set.ids[1]];
    capacity = set.capacity;
    demand = seatRequests(set.capacity);
  } else {
    const eventCount = spec.scenario === "spread" ? spec.events : 1;
    const perEvent = Math.max(1, Math.ceil(spec.capacity / eventCount));
    eventIds = (await createEvents(ctx.db.pool, run, eventCount, perEvent, table)).ids;
    demand = 10 * perEvent * eventCount;
  }
  const b = await booker(ctx, spec);
  const hold = b.holdBestAvailable;
  if (seats && !hold) throw new Error(`${label}: this interface cannot hold seats`);
  const randomUser = () => 1 + Math.floor(Math.random() * ctx.users);
  const pickEvent = () => (eventIds.length === 1 ? eventIds[0] : eventIds[Math.floor(Math.random() * eventIds.length)]);
  // Seats: what clients were granted and refused, and the free-seat checks after refusals.
  let seatsGranted = 0;
  let holdsGranted = 0;
  const refusals: SeatRefusal[] = [];
  const checks: Promise<void>[] = [];
  let pendingChecks = 0;
  const holdSeats = async (event: string, quantity: number): Promise<Outcome> => {
    const outcome = await hold!(event, randomUser(), quantity);
    if (outcome === "success") {
      seatsGranted += quantity;
      holdsGranted++;
    } else if (outcome === "refusal") {
      const refusal: SeatRefusal = { quantity };
      refusals.push(refusal);
      // Seats are only taken during the run: free seats now were free at the refusal.
      // Checked off the clock (not awaited here), a few at a time so it stays cheap.
      if (pendingChecks < 4) {
        pendingChecks++;
        checks.push(
          freeSeats(ctx.db.pool, event)
            .then((free) => void (refusal.freeAfter = free))
            .catch(() => {})
            .finally(() => pendingChecks--),
        );
      }
    }
    return outcome;
  };
  try {
    if (spec.warmup > 0) {
      // JIT, prepared plans, PostGraphile's operation cache and pool connections warm up
      // on an event of their own, outside the measured run and its invariant check.
      if (seats) {
        await runLoad({
          clients: spec.clients,
          durationMs: spec.warmupMs,
          maxRequests: Math.min(spec.warmup, Math.floor(capacity / 8)),
          send: (i) => hold!(warmEvent!, randomUser(), seatQuantity(i)),
        });
      } else {
        const warmRun = ctx.nextRun();
        const warm = await createEvents(ctx.db.pool, warmRun, 1, 1_000_000_000, table);
        await runLoad({
          clients: spec.clients,
          durationMs: spec.warmupMs,
          maxRequests: spec.warmup,
          send: (i) => b.book(warm.ids[0], randomUser(), `warm-${warmRun}-${i}`),
        });
        // The warm-up's confirmations are delivered before the clock starts: each run
        // delivers its own (as settleOutbox gives every run a settled outbox), not the
        // warm-up's on its first second, the whole of a short hot sale.
        // At most 15 s: an app run with WORKER=off never delivers them.
        if (spec.iface !== "sql") await eventNotificationsDelivered(ctx.db.pool, warm.ids[0], { everyMs: 100, maxMs: 15_000 });
      }
    }
    const fleet = spec.iface === "sql" ? undefined : await ctx.fleet(spec.instances, batched(spec));
    const appPids = fleet ? fleet.instances.slice(0, spec.instances).map((i) => i.pid) : [];
    const watch = ctx.postmasterPid ? watchCpu({ postmasterPid: ctx.postmasterPid, database: ctx.db.name, appPids }) : undefined;
    const stopRss = fleet ? fleet.sampleRss(spec.instances) : () => [];
    const probe = fleet && (await startPushProbe({ pool: ctx.db.pool, baseUrl: fleet.instances[0].url, run: ctx.nextRun(), user: 1 }));
    const threadsBefore = appPids.map(threadCpuSeconds);
    const load = await runLoad({
      clients: spec.clients,
      rate: spec.rate,
      durationMs: spec.durationMs,
      maxRequests: demand,
      send: (i) => (seats ? holdSeats(pickEvent(), seatQuantity(i)) : b.book(pickEvent(), randomUser(), `bench-${run}-${i}`)),
      onProgress: (p) =>
        ctx.log(
          `  ${(p.elapsedMs / 1000).toFixed(0).padStart(3)}s  sent ${p.sent}  ${seats ? `held ${p.successes} (${seatsGranted} seats)` : `booked ${p.successes}`}  refused ${p.refusals}  errors ${p.errors}  in flight ${p.inFlight}`,
        ),
    });
    const rssMb = stopRss();
    const cpu = watch?.stop();
    const appThreads = threadShares(appPids, threadsBefore, load.elapsedMs);
    const push = await probe?.stop();
    await Promise.all(checks);
    const invariants = seats
      ? await checkSeatInvariants(ctx.db.pool, eventIds, { holds: holdsGranted, seats: seatsGranted, refusals })
      : await checkInvariants(ctx.db.pool, run, table, load.successes);
    return {
      spec,
      label,
      requests: load.sent,
      successes: load.successes,
      refusals: load.refusals,
      errors: load.errors,
      notSent: load.notSent,
      elapsedMs: load.elapsedMs,
      successesPerSec: perSecond(load.successes, load.lastSuccessMs),
      refusalsPerSec: perSecond(load.refusals - 1, load.lastRefusalMs - load.firstRefusalMs),
      requestsPerSec: perSecond(load.successes + load.refusals + load.errors, load.elapsedMs),
      ...(seats ? { seatsGranted, seatsPerSec: perSecond(seatsGranted, load.lastSuccessMs) } : {}),
      latency: summarize(load.latency),
      rssMb,
      cpu,
      invariants,
      errorSamples: [...b.errors.entries()],
      ...(push ? { push } : {}),
      ...(appThreads ? { appThreads } : {}),
    };
  } finally {
    await b.close();
  }
}

/** RunResult.appThreads from readings before the load and now; undefined without app instances. */
function threadShares(pids: number[], before: Array<{ main: number; others: number }>, elapsedMs: number): RunResult["appThreads"] {
  if (pids.length === 0 || elapsedMs <= 0) return undefined;
  const seconds = elapsedMs / 1000;
  let main = 0;
  let others = 0;
  pids.forEach((pid, i) => {
    const now = threadCpuSeconds(pid);
    main += now.main - before[i].main;
    others += now.others - before[i].others;
  });
  return { mainBusy: main / pids.length / seconds, otherCores: others / pids.length / seconds };
}
