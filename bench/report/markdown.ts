// The results file: what was measured, on what, how the cores were shared, the
// ceilings, every run with its ratios and invariants, and the targets.
import type { BenchArgs } from "../args.ts";
import type { Ceiling } from "../ceiling/measure.ts";
import { SPREAD_SECONDS, type Skipped } from "../plan.ts";
import type { RunResult } from "../run-one.ts";
import { fmt, ratio } from "../stats.ts";
import type { Environment } from "./environment.ts";
import { checkTargets, quietness } from "./targets.ts";
import { appThreadsLine, lagLine, pushLine } from "./console.ts";
import type { Lag } from "../lags.ts";
import { PROBE_INTERVAL_MS } from "../push-latency.ts";
import { IDLE_HOST_MS, SLOW_HOST_FACTOR } from "../host-speed.ts";
import { ceilingCpu, pgMsPerBooking } from "../ceiling/measure.ts";
import { cpuPerRequest, QUIET_OTHER_SHARE } from "../cpu-watch.ts";

const pct = (x: number | undefined) => (x === undefined ? "–" : `${Math.round(x * 100)}%`);

/**
 * The ceiling a run is compared with: L_hot for the hot scenario, L_spread for spread.
 * Seats: holds/s against L_hot, since every hold, like a hot booking, takes the one
 * event's row lock (take_capacity) until it commits.
 */
export function ceilingFor(r: RunResult, c: Ceiling | undefined): number | undefined {
  return r.spec.scenario === "spread" ? c?.lSpread?.tps : c?.lHot?.tps;
}

export function resultsTable(results: RunResult[], c: Ceiling | undefined): string {
  const head =
    "| run | booked/s | seats/s | refused/s | req/s | p50 | p90 | p99 | p99.9 | max | booked/s ÷ L | req/s ÷ bare HTTP | app RSS MB | CPU gen/app/pg/other | pg/app CPU ms per request | sold/capacity | oversold | seat twice / false sold-out | counters≠rows | errors | host ms |\n" +
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|";
  const rows = results.map((r) => {
    const l = r.latency;
    const bare = r.spec.iface === "sql" ? "–" : ratio(r.requestsPerSec, c?.bareHttp?.requestsPerSec);
    const cpu = r.cpu ? `${pct(r.cpu.loadGenerator)}/${pct(r.cpu.app)}/${pct(r.cpu.postgres)}/${pct(r.cpu.other)}` : "–";
    const per = r.cpu && cpuPerRequest(r.cpu, r.successes + r.refusals + r.errors);
    const perCell = per ? `${per.postgresMs.toFixed(2)} / ${r.spec.iface === "sql" ? "–" : per.appMs.toFixed(2)}` : "–";
    const seats = r.invariants.seats;
    const seatChecks = seats ? `${seats.doubleSeats + seats.orphanSeats} / ${seats.falseSoldOuts}` : "–";
    return `| ${r.label} | ${fmt(r.successesPerSec)} | ${r.seatsPerSec === undefined ? "–" : fmt(r.seatsPerSec)} | ${fmt(r.refusalsPerSec)} | ${fmt(r.requestsPerSec)} | ${fmt(l.p50)} | ${fmt(l.p90)} | ${fmt(l.p99)} | ${fmt(l.p999)} | ${fmt(l.max)} | ${ratio(r.successesPerSec, ceilingFor(r, c))}${r.beside ? ` (${ratio(r.successesPerSec, r.beside.tps)} beside)` : ""} | ${bare} | ${r.rssMb.length ? r.rssMb.map((m) => m.toFixed(0)).join(" + ") : "–"} | ${cpu} | ${perCell} | ${r.invariants.sold}/${r.invariants.capacity} | ${r.invariants.oversold} | ${seatChecks} | ${r.invariants.counterMismatches} | ${r.errors} | ${r.hostMs === undefined ? "–" : r.hostMs.toFixed(0)} |`;
  });
  return [head, ...rows].join("\n");
}

/** The host-speed readings (bench/host-speed.ts), when taken. */
export function hostSpeedLine(results: RunResult[], c: Ceiling | undefined): string[] {
  const after = results.map((r) => r.hostMs).filter((x): x is number => x !== undefined);
  if (c?.hostMs === undefined && after.length === 0) return [];
  const before = c?.hostMs === undefined ? "" : `${c.hostMs.toFixed(0)} ms before the ceilings`;
  const runs = after.length ? `${Math.min(...after).toFixed(0)}–${Math.max(...after).toFixed(0)} ms after the runs (**host ms** in the runs table)` : "";
  const slowest = Math.max(...after, c?.hostMs ?? 0);
  const slow = slowest > SLOW_HOST_FACTOR * IDLE_HOST_MS
    ? ` **Host slow**: the slowest reading, ${slowest.toFixed(0)} ms, is over ${SLOW_HOST_FACTOR} × an idle box's, so this run's figures are depressed and its ratios may be off where the slowdown hit one measurement more than another; judge targets by a run on a quiet host.`
    : "";
  return [
    `**Host speed**: a fixed single-core workload (bench/host-speed.ts; about ${IDLE_HOST_MS} ms on an idle box) took ${[before, runs].filter(Boolean).join(" and ")}. ` +
      "Other tenants of the host do not show as other CPU inside this machine; a reading well above the fastest means the figures around it are depressed." + slow,
    "",
  ];
}

export function markdownReport(o: {
  args: BenchArgs;
  results: RunResult[];
  ceiling?: Ceiling;
  lags?: Lag[];
  skipped: Skipped[];
  env: Environment;
  svgFile: string;
  command: string;
  stamp: string;
}): string {
  const { env, ceiling: c, results } = o;
  const targets = checkTargets(results, c, Number.parseInt(env.postgres, 10), o.lags);
  const mark = (met: boolean | undefined) => (met === undefined ? "not measured" : met ? "**met**" : "**missed**");
  const quiet = quietness(c);
  const lines: string[] = [
    `# Evently benchmark — ${o.stamp}`,
    "",
    `Command: \`${o.command}\` (commit ${env.commit}). Latency in ms; throughput per second.`,
    "",
    quiet === undefined
      ? "**Machine quietness: not checked** (no ceiling measured in this run)."
      : quiet.quiet
        ? `**Machine quiet**: processes outside the benchmark used at most ${pct(quiet.maxOther)} of all cores during the ceilings (limit ${pct(QUIET_OTHER_SHARE)}).`
        : `**Machine NOT quiet**: processes outside the benchmark used up to ${pct(quiet.maxOther)} of all cores during the ceilings (limit ${pct(QUIET_OTHER_SHARE)}). Ratios within this run are still comparable; absolute figures are depressed, and a ratio may be off where the noise hit one measurement more than another.`,
    "",
    ...hostSpeedLine(results, c),
    "## Targets",
    "",
    "| target | measured | verdict |",
    "|---|---|---|",
    ...targets.map((t) => `| ${t.name} | ${t.measured} | ${mark(t.met)} |`),
    "",
    "## Ceiling (same run, same machine)",
    "",
  ];
  if (c?.pgbenchMissing) lines.push(`- ${c.pgbenchMissing}`);
  if (c?.lMin) lines.push(`- **L_min** ${fmt(c.lMin.tps)} bookings/s — pgbench calling \`bench.book_min\` (one conditional \`UPDATE … SET booked = booked + 1 WHERE … booked + 1 <= capacity\` and one \`INSERT\`, PL/pgSQL) on one row (${c.lMin.all.map((r) => `${fmt(r.tps)} at ${r.clients} clients`).join(", ")}): what the least a correct booking does costs on this server.`);
  if (c?.lHot) lines.push(`- **L_hot** ${fmt(c.lHot.tps)} bookings/s — pgbench calling \`evently.book_tickets\` on one event with unlimited capacity (${c.lHot.all.map((r) => `${fmt(r.tps)} at ${r.clients} clients`).join(", ")}; the best is used).`);
  if (c?.lSpread) lines.push(`- **L_spread** ${fmt(c.lSpread.tps)} bookings/s — the same over ${c.lSpread.events} events picked at random (${c.lSpread.all.map((r) => `${fmt(r.tps)} at ${r.clients} clients`).join(", ")}).`);
  if (c?.lBatch) lines.push(`- **L_batch** ${fmt(c.lBatch.bookingsPerSec)} bookings/s — pgbench calling \`evently_private.book_tickets_batch\` as the booker does (${c.lBatch.size} bookings per call, ${c.lBatch.clients} calls at once; src/booking/batcher.ts) on one event with unlimited capacity${c.lBatch.notBooked ? ` (${fmt(c.lBatch.notBooked)} asked for and not booked)` : ""}, PostgreSQL ${c.lBatch.pgMsPerBooking.toFixed(2)} ms CPU per booking: the database's ceiling on the batched path. Batched REST and GraphQL runs far below it are bound by the app, not by PostgreSQL.`);
  if (c?.bareHttp) lines.push(`- **bare HTTP** ${fmt(c.bareHttp.requestsPerSec)} requests/s — a do-nothing Express endpoint (JSON body parsed, JSON answer) under the same load generator, ${c.bareHttp.clients} clients, p99 ${fmt(c.bareHttp.latency.p99)} ms.`);
  if (!c) lines.push("- not measured (`--no-ceiling`)");
  const ms = (x: number | undefined) => (x === undefined ? "–" : `${x.toFixed(2)} ms`);
  if (c?.lMin && c.lHot) {
    lines.push(`- PostgreSQL CPU per booking at 8 clients: L_min ${ms(pgMsPerBooking(c.lMin, 8))}, L_hot ${ms(pgMsPerBooking(c.lHot, 8))}${c.lSpread ? `, L_spread ${ms(pgMsPerBooking(c.lSpread, 8))}` : ""} (what each booking costs the database, nearly independent of other load on the machine).`);
  }
  const readings = ceilingCpu(c);
  if (readings.length) {
    lines.push(
      "",
      `CPU during the ceilings (share of all cores; pgbench / PostgreSQL / other): ${readings.map((u) => `${pct(u.tools + u.loadGenerator + u.app)} / ${pct(u.postgres)} / ${pct(u.other)}`).join(", ")} ` +
        "(in the order L_min, L_hot, L_spread at each client count, then L_batch and bare HTTP). **other** is everything outside the benchmark and its database.",
    );
  }
  lines.push(
    "",
    "## Runs",
    "",
    resultsTable(results, c),
    "",
    `![chart](${o.svgFile})`,
    "",
    "Columns: **booked/s** = bookings ÷ time from start to the last booking (the selling phase; seats runs: holds); **seats/s** = seats granted in best-available holds ÷ the same time (seats runs only); **refused/s** = sold-out answers ÷ time from the first to the last refusal; **req/s** = all answers ÷ the whole run. " +
      "**booked/s ÷ L** compares with L_hot (hot scenario; seats: holds/s, each hold also serializes on the event row) or L_spread (spread); **(… beside)** divides by the same ceiling measured again right before the run (pgbench, 8 clients, 6 s after a 2 s warm-up, no app running, as at the start: the host's speed drifts within a suite, and this one drifted with the run), which the ratio targets use. **req/s ÷ bare HTTP** compares an HTTP interface with the do-nothing endpoint. " +
      "Latency comes from an HDR histogram (3 significant digits) of every answered request; in open-model runs (`@ N/s`) it is measured from each request's intended start time, so queueing counts (no coordinated omission). " +
      "**CPU gen/app/pg/other** = CPU time of the load generator, the app processes, PostgreSQL (postmaster + backends, from /proc) and everything else busy on the machine (kernel, other users' processes) as a share of all cores over the run; **pg/app CPU ms per request** turns the PostgreSQL and app shares into CPU milliseconds per answered request, which competing load on the machine moves far less than throughput. " +
      "**counters≠rows** counts events whose `booked`/`held` counters differ from their booking/hold/ticket rows (seats runs: or from the seats' statuses). " +
      "**seat twice / false sold-out** (seats runs): seats in two holds or valid tickets plus seats held or booked by no active hold or confirmed booking / refusals while at least the quantity asked was free (checked right after the refusal and at the end of the run). **sold/capacity** is seats taken / seats in seats runs.",
    "",
  );
  const threaded = results.filter((r) => r.appThreads);
  if (threaded.length) {
    lines.push(
      "## App threads",
      "",
      "Per app instance over the run, from /proc/<pid>/task: the main thread's CPU ÷ the run's time (the event loop; 100% is the app's own limit, below it the app waits for a core or for PostgreSQL), and its other threads' CPU in cores (V8's garbage collector and compilers, libuv's pool).",
      "",
      ...threaded.map((r) => `- ${r.label}: ${appThreadsLine(r.appThreads!)}`),
      "",
    );
  }
  const pushed = results.filter((r) => r.push);
  if (pushed.length) {
    lines.push(
      "## Live-update push latency",
      "",
      `During each HTTP run a probe booked one ticket every ${PROBE_INTERVAL_MS} ms on an event of its own, in SQL, and timed commit → its \`eventChanged\` message on a subscription to the first app instance (bench/push-latency.ts): the relay's interval (\`LIVE_UPDATES_RELAY_MS\`, 100 ms), NOTIFY, LISTEN, the payload read and the websocket write, under the run's load.`,
      "",
      ...pushed.map((r) => `- ${r.label}: ${pushLine(r.push)}`),
      "",
    );
  }
  if (o.lags?.length) {
    lines.push(
      "## Worker lags",
      "",
      "After the runs, with the app instances stopped, in a scratch database on the same server, a worker at the defaults (bench/lags.ts): hold expiry is a 10 s hold's `expires_at` → its release by the `expire_hold` job; notification delivery is a booking's outbox row → the relay's `sent_at` (log-and-store mailer).",
      "",
      ...o.lags.map((l) => `- ${lagLine(l)}`),
      "",
    );
  }
  const errs = results.filter((r) => r.errorSamples.length);
  if (errs.length) {
    lines.push("### Errors seen", "");
    for (const r of errs) for (const [m, n] of r.errorSamples.slice(0, 5)) lines.push(`- ${r.label}: ×${n} ${m}`);
    lines.push("");
  }
  if (o.skipped.length) {
    lines.push("### Not run", "", ...o.skipped.map((s) => `- ${s.what}: ${s.why}`), "");
  }
  lines.push(
    "## Scenarios and strategies",
    "",
    "- **hot**: one general-admission event; demand is 10 × capacity (one ticket per request, random user of the bench's users), so most requests end as refusals once it sells out.",
    `- **spread**: the run's capacity (sold/capacity column) split over ${o.args.events} events, each request for a random event. In --suite (without --capacity) each event has 200 tickets, more than a ${SPREAD_SECONDS} s run sells: spread measures throughput, as L_spread (unlimited capacity) does, while hot measures a sellout.`,
    "- **seats** (best available on a 10,000-seat venue): a venue built with `evently.add_seats` (Stalls 50×100, Circle 25×80 premium, Gallery 25×80, Boxes 20×50) and a reserved-seating event made with `evently.create_event(…, seating => 'reserved')`; " +
      "each request holds the best 2–6 seats (2, 3, 4, 5, 6 in turn) with `evently.hold_best_available` (GraphQL `holdBestAvailable`), a random bench user each time; demand is twice the seats. Holds are not confirmed (holding the seats is what is measured). Atomic only: the comparison strategies have no seats.",
    "- **atomic** is Evently's real `evently.book_tickets` (conditional UPDATE, per-user limit lock, idempotency key, booking + ticket rows). " +
      "**naive** (read, then write), **pessimistic** (`SELECT … FOR UPDATE`) and **optimistic** (version column, up to 100 retries) live in the `bench` schema, created only in the benchmark's database; " +
      "they write one booking row per ticket and no ticket/idempotency rows, so they do less work than atomic. They run over direct SQL only: no API exposes them.",
    "- **direct SQL**: one simple-query message per attempt (an implicit transaction); atomic acts as the user (`set_config('role'…)`, `jwt.claims.user_id`) over `evently_authenticator`, like the SQL API in README.",
    "- **GraphQL**: the `bookTickets` mutation on app instances started as `node src/cli/start.ts` (production mode, worker in-process, one JWT secret), keep-alive connections spread round-robin over instances; tokens signed by the bench with that secret.",
    "",
    "## Machine, versions, settings",
    "",
    `- CPU: ${env.cpu}, ${env.cores} cores; memory ${env.memoryGb} GB; Linux ${env.kernel}`,
    `- Node ${env.node}; PostgreSQL ${env.postgres}; ${env.pgbench}`,
    `- Packages: ${Object.entries(env.packages).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    `- PostgreSQL settings: ${Object.entries(env.settings).map(([k, v]) => `${k}=${v}`).join(", ")}`,
    "",
    "## How the cores were shared",
    "",
    `Everything ran on this one ${env.cores}-core machine with no pinning: the load generator (this Node process, one event loop), ` +
      "the app instances (one Node process each), PostgreSQL and, for the ceiling, pgbench (2 threads) all competed for the same cores, scheduled by Linux. " +
      "The CPU column shows the measured split per run; **other** is CPU used meanwhile by processes outside the benchmark (on a shared development machine: other people's servers and tests), which the benchmark cannot control and which lowers every figure. A ratio against the ceiling therefore also says how much CPU the app layer takes away from PostgreSQL.",
    "",
  );
  return lines.join("\n");
}
