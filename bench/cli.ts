// npm run bench: sets up the benchmark database, measures the ceilings, runs the planned
// strategies/interfaces/scenarios, checks the invariants after each run, and writes the
// results (Markdown + SVG) under bench/results/. `--quick` is CI's invariant check.
import "../src/cli/env.ts";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { projectRoot } from "../src/config.ts";
import { parseBenchArgs, type BenchArgs } from "./args.ts";
import { measureCeiling, measureCeilingBeside, type Ceiling } from "./ceiling/measure.ts";
import { hostSpeedMs } from "./host-speed.ts";
import { openBenchDatabase } from "./database.ts";
import { startFleet, type AppFleet } from "./instances.ts";
import { startPgBouncer, type PgBouncer } from "../test/pgbouncer.ts";
import { halfRateRun, planRuns, quickRuns, suiteRuns, type Skipped } from "./plan.ts";
import { parentPid } from "./procfs.ts";
import { formatCeiling, formatRun, invariantLine, pushLine } from "./report/console.ts";
import { writeResults } from "./report/write.ts";
import { invariantViolations } from "./report/targets.ts";
import { runOne, type RunContext, type RunResult, type RunSpec } from "./run-one.ts";
import { measureLags, type Lag } from "./lags.ts";

const log = (line: string) => console.error(line);

let args: BenchArgs;
try {
  args = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error(`bench: ${(error as Error).message}\n(npm run bench -- --help)`);
  process.exit(2);
}

let specs: RunSpec[];
let skipped: Skipped[] = [];
if (args.quick) specs = quickRuns(args);
else if (args.suite) specs = suiteRuns(args);
else {
  ({ runs: specs, skipped } = planRuns(args));
  // Asked for something that cannot run yet: say why and stop before starting anything.
  if (specs.length === 0) {
    for (const s of skipped) console.error(`bench: ${s.what}: ${s.why}`);
    process.exit(2);
  }
}
for (const s of skipped) log(`skipped ${s.what}: ${s.why}`);

const maxClients = Math.max(...specs.map((s) => s.clients), args.suite ? 2000 : 0);
const users = Math.max(20_000, maxClients * 2);
const jwtSecret = randomBytes(32).toString("base64url");
const outDir = resolve(projectRoot, args.out);
const stamp = new Date().toISOString().replace(/[:T]/g, "-").slice(0, 16);

log(`bench: preparing the database (${args.databaseUrl ? "server at --database-url" : "embedded PostgreSQL"}, ${users} users) …`);
const db = await openBenchDatabase(args.databaseUrl, users);
// --pgbouncer: the app instances' API connections (AUTH_DATABASE_URL) go through PgBouncer in
// transaction mode, as in production (docs/operations.md#pgbouncer); their owner pool and the
// direct SQL runs connect straight to the server.
const bouncer = args.pgbouncer ? await startBenchBouncer(db.authUrl) : undefined;
const appAuthUrl = bouncer ? bouncer.through(db.authUrl) : db.authUrl;
if (bouncer) log(`bench: PgBouncer (transaction mode, pool 20) on port ${bouncer.port} in front of the app instances`);
let fleet: AppFleet | undefined;
let runCounter = 0;
const results: RunResult[] = [];
let ceiling: Ceiling | undefined;
let lags: Lag[] | undefined;
let exitCode = 0;

const { rows } = await db.pool.query("select pg_backend_pid() as pid");
const postmasterPid = parentPid(rows[0].pid);

const ctx: RunContext = {
  db,
  users,
  jwtSecret,
  postmasterPid,
  nextRun: () => ++runCounter,
  log,
  async fleet(n, batch) {
    if (!fleet || fleet.instances.length < n || fleet.batch !== batch) {
      await fleet?.stop();
      log(`bench: starting ${n} app instance${n > 1 ? "s" : ""} (node src/cli/start.ts, booking batching ${batch ? "on" : "off"}) …`);
      const profileDir = args.profile ? resolve(outDir, `profile-${stamp}`) : undefined;
      if (profileDir) mkdirSync(profileDir, { recursive: true });
      fleet = await startFleet({ count: n, ownerUrl: db.url, authUrl: appAuthUrl, jwtSecret, profileDir, batch,
        env: bouncer ? { AUTH_DATABASE_POOLER: "transaction" } : undefined });
    }
    return fleet;
  },
};

/**
 * Marks every pending notification sent (a bench artifact, like the history event's). The
 * ceilings and the direct SQL runs book without an app running, so without this the first
 * app instance's worker delivered their tens of thousands of notifications during the next
 * HTTP run, on that run's CPU; each run now delivers its own.
 */
async function settleOutbox(): Promise<number> {
  const { rowCount } = await db.pool.query("update evently.notifications set status = 'sent', sent_at = now() where status = 'pending'");
  return rowCount ?? 0;
}

/** Vacuumed, analyzed and flushed: what earlier runs wrote does not land in the next measurement. */
async function settleDatabase(): Promise<void> {
  const settled = await settleOutbox();
  if (settled) log(`bench: ${settled} notifications of earlier runs marked sent (not delivered during this one)`);
  await db.pool.query("vacuum analyze");
  await db.pool.query("checkpoint").catch(() => {}); // needs pg_checkpoint or superuser
}

/** HTTP runs of the hot and spread scenarios are judged against the ceiling measured beside them. */
const wantsBeside = (spec: RunSpec) =>
  ceiling?.lHot !== undefined && spec.iface !== "sql" && spec.strategy === "atomic" && !spec.rate && (spec.scenario === "hot" || spec.scenario === "spread");

async function execute(spec: RunSpec): Promise<RunResult> {
  log(`\n>> ${spec.scenario} · ${spec.strategy} · ${spec.iface}${spec.instances > 1 ? ` x${spec.instances}` : ""} · ${spec.clients} clients${spec.rate ? ` @ ${spec.rate}/s` : ""}`);
  // Every run starts from a settled database: what earlier runs wrote (a spread run books tens
  // of thousands) is vacuumed, analyzed and flushed first, so autovacuum and checkpoints do
  // not land in this run's measurement (in a suite they halved the last runs' rates).
  if (!args.quick) await settleDatabase();
  let beside;
  if (wantsBeside(spec)) {
    // The ceiling again, right before the run and as at the start: with no app process (whose
    // worker would deliver the pgbench bookings' notifications meanwhile). The fleet restarts
    // for the run, which warms up before it is measured.
    await fleet?.stop();
    fleet = undefined;
    beside = await measureCeilingBeside({ db, users, spreadEvents: args.events, nextRun: ctx.nextRun, log }, spec.scenario as "hot" | "spread");
    await settleDatabase();
  }
  const result = await runOne(ctx, spec);
  if (!args.quick) result.hostMs = hostSpeedMs();
  if (beside) result.beside = beside;
  console.log(formatRun(result));
  results.push(result);
  return result;
}

try {
  if (args.ceiling && !args.quick) {
    const hostMs = hostSpeedMs();
    log(`bench: host speed ${hostMs.toFixed(0)} ms (bench/host-speed.ts; about 400 on an idle box)`);
    ceiling = await measureCeiling({
      db,
      postmasterPid,
      users,
      jwtSecret,
      pgbenchClients: [8, 32],
      pgbenchSeconds: 8,
      spreadEvents: args.events,
      httpClients: Math.min(maxClients, 200),
      httpSeconds: 8,
      nextRun: ctx.nextRun,
      log,
    });
    ceiling.hostMs = hostMs;
    console.log(formatCeiling(ceiling));
  }
  for (const spec of specs) await execute(spec);
  if (args.suite) {
    // The best GraphQL setup measured on the hot event (with or without batching), by its
    // booking rate: an open-model run sells out in its first tenth (capacity = rate × duration
    // ÷ 10), so all its early requests are bookings. Half of requests/s (mostly cheap sold-out
    // answers) asked for more bookings per second than the app can make: a queue, not latency.
    const gql = results.filter((r) => r.spec.iface.startsWith("graphql") && r.spec.scenario === "hot");
    const best = gql.reduce((a, b) => (b.successesPerSec > a.successesPerSec ? b : a));
    await execute(halfRateRun(args, best.successesPerSec, best.spec.instances, best.spec.iface));
    // The worker's lags, with the app instances stopped (their workers would share the jobs).
    await fleet?.stop();
    fleet = undefined;
    log("\n>> worker lags (bench/lags.ts: a scratch database beside the bench's, worker at the defaults)");
    lags = await measureLags(db.adminUrl, (line) => console.log(line));
  }

  const bad = invariantViolations(results);
  for (const r of results.filter((r) => r.spec.strategy === "naive" && r.invariants.oversold > 0)) {
    log(`note: naive oversold ${r.invariants.oversold} tickets in "${r.label}" (expected: it reads, then writes, without a lock)`);
  }
  if (bad.length) {
    exitCode = 1;
    for (const r of bad) console.error(`FAIL invariants: ${r.label}: ${invariantLine(r)}`);
  }
  if (args.quick) {
    // The plumbing must really book: a run of a correct strategy that errored proves nothing.
    for (const r of results.filter((r) => r.spec.strategy !== "naive" && (r.errors > 0 || r.successes === 0))) {
      exitCode = 1;
      console.error(`FAIL ${r.label}: ${r.errors} errors, ${r.successes} bookings`);
    }
    // The live-update probe must have heard its bookings on some HTTP run (one slow run may miss).
    const probed = results.filter((r) => r.push);
    if (probed.length && !probed.some((r) => r.push!.samples.length > 0)) {
      exitCode = 1;
      console.error(`FAIL live updates: no probe booking was pushed in ${probed.length} HTTP runs (${pushLine(probed[0].push)})`);
    }
    console.log(exitCode === 0 ? `bench --quick: ${results.length} runs, invariants hold` : "bench --quick: FAILED");
  } else {
    const written = await writeResults({ outDir, stamp, args, results, ceiling, lags, skipped, db, fleet });
    console.log(`\nresults: ${written.join(", ")}`);
  }
} catch (error) {
  exitCode = 1;
  console.error(error);
} finally {
  await fleet?.stop().catch(() => {});
  await bouncer?.stop().catch(() => {});
  await db.close().catch(() => {});
}
process.exit(exitCode);

/** PgBouncer in transaction mode in front of the bench database's server, for the API login. */
async function startBenchBouncer(authUrl: string): Promise<PgBouncer> {
  const url = new URL(authUrl);
  return startPgBouncer({
    serverHost: url.hostname,
    serverPort: Number(url.port || 5432),
    users: { [decodeURIComponent(url.username)]: decodeURIComponent(url.password) },
    poolSize: 20,
  });
}
