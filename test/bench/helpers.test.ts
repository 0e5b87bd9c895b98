// The bench's pure helpers against values computed independently here: percentiles of
// a known distribution, rates, formatting, the pgbench parser, plans and ids.
import t from "tap";
import { fmt, newHistogram, perSecond, ratio, summarize } from "../../bench/stats.ts";
import { parseTps, bookScript } from "../../bench/ceiling/pgbench.ts";
import { eventId, userId } from "../../bench/ids.ts";
import { isOwnBackend } from "../../bench/cpu-watch.ts";
import { startCommand } from "../../bench/instances.ts";
import { niceMax } from "../../bench/report/svg.ts";
import { planRuns, quickRuns, suiteRuns, unavailable } from "../../bench/plan.ts";
import { layoutSeats, seatLayout } from "../../bench/fixtures.ts";
import { seatQuantity, seatRequests } from "../../bench/run-one.ts";
import { threadCpuSeconds } from "../../bench/procfs.ts";
import { Worker } from "node:worker_threads";
import { once } from "node:events";
import { createRequire } from "node:module";
import { parseBenchArgs } from "../../bench/args.ts";
import { hostSpeedMs } from "../../bench/host-speed.ts";
import { hostSpeedLine } from "../../bench/report/markdown.ts";
import { checkTargets } from "../../bench/report/targets.ts";
import { summarizePush } from "../../bench/push-latency.ts";
import { pushLine } from "../../bench/report/console.ts";
import type { RunResult } from "../../bench/run-one.ts";
import type { Lag } from "../../bench/lags.ts";
import type { Ceiling } from "../../bench/ceiling/measure.ts";

t.test("percentiles of 1..10,000 µs match the exact order statistics within HDR precision", async (t) => {
  const h = newHistogram();
  const values = Array.from({ length: 10_000 }, (_, i) => i + 1);
  for (const v of values) h.recordValue(v);
  const exact = (p: number) => values[Math.ceil((p / 100) * values.length) - 1] / 1000; // ms
  const s = summarize(h);
  t.equal(s.count, 10_000);
  for (const [p, got] of [[50, s.p50], [90, s.p90], [99, s.p99], [99.9, s.p999]] as const) {
    t.ok(Math.abs(got - exact(p)) / exact(p) < 0.001, `p${p}: ${got} ≈ ${exact(p)}`);
  }
  t.ok(Math.abs(s.max - 10) < 0.01, `max ${s.max} ≈ 10 ms`);
  t.ok(Math.abs(s.mean - 5.0005) < 0.01, `mean ${s.mean} ≈ 5.0005 ms`);
});

t.test("a long tail shows in p99.9 and max, not in p50", async (t) => {
  const h = newHistogram();
  for (let i = 0; i < 9_990; i++) h.recordValue(1_000); // 1 ms
  for (let i = 0; i < 10; i++) h.recordValue(2_000_000); // 2 s
  const s = summarize(h);
  t.ok(Math.abs(s.p50 - 1) < 0.01);
  t.ok(Math.abs(s.p99 - 1) < 0.01);
  t.ok(s.p999 < 1.01, "exactly 0.1% slow: p99.9 is still the fast value");
  t.ok(Math.abs(s.max - 2000) / 2000 < 0.001);
});

t.test("rates, ratios and formatting", async (t) => {
  t.equal(perSecond(500, 250), 2000);
  t.equal(perSecond(0, 1000), 0);
  t.equal(perSecond(10, 0), 0);
  t.equal(ratio(300, 1000), "0.30×");
  t.equal(ratio(300, undefined), "–");
  t.equal(fmt(1234.5), "1,235");
  t.equal(fmt(12.345), "12.3");
  t.equal(fmt(0.1234), "0.12");
  t.equal(fmt(undefined), "–");
  t.equal(niceMax(730), 1000);
  t.equal(niceMax(1730), 2000);
  t.equal(niceMax(41), 50);
});

t.test("host speed: timed, and reported before the ceilings and after the runs only when read", async (t) => {
  const ms = hostSpeedMs();
  t.ok(Number.isFinite(ms) && ms > 0, `the workload took ${ms.toFixed(0)} ms`);
  const runs = [{ hostMs: 765.4 }, { hostMs: 401.2 }, {}] as RunResult[];
  const [line] = hostSpeedLine(runs, { hostMs: 411.6 });
  t.match(line, "took 412 ms before the ceilings and 401–765 ms after the runs");
  t.match(line, "**Host slow**: the slowest reading, 765 ms, is over 1.5 × an idle box's", "765 ms > 1.5 × 400");
  t.notMatch(hostSpeedLine([{ hostMs: 590 }] as RunResult[], { hostMs: 411.6 })[0], "Host slow", "590 ms is not");
  t.same(hostSpeedLine([{}] as RunResult[], {}), [], "nothing when no reading was taken (--quick)");
});

t.test("best available is judged on seats granted per second against the baseline of the run's PostgreSQL", async (t) => {
  const seatsRun = (seatsPerSec: number, doubleSeats = 0) => ({
    label: "seats · atomic · sql · 200 clients",
    spec: { iface: "sql", scenario: "seats", strategy: "atomic", clients: 200 },
    successesPerSec: seatsPerSec / 4,
    refusalsPerSec: 2_000, // more than the seats: a check that read it would pass
    seatsPerSec,
    rssMb: [],
    latency: { p99: 1 },
    invariants: { oversold: 0, counterMismatches: 0, unaccounted: 0, seats: { doubleSeats, orphanSeats: 0, falseSoldOuts: 0 } },
  }) as unknown as RunResult;
  const verdict = (runs: RunResult[], major?: number) => checkTargets(runs, undefined, major).find((c) => c.name.startsWith("best available"))!;
  t.equal(verdict([seatsRun(1_200)], 18).met, false, "1,200 seats/s on PostgreSQL 18: below 2 × 768");
  t.match(verdict([seatsRun(1_200)], 18).measured, "1200 ÷ 768 (PostgreSQL 18) = 1.56");
  t.equal(verdict([seatsRun(1_200), seatsRun(1_600)], 18).met, true, "the best run counts: 1,600 ≥ 1,536");
  t.equal(verdict([seatsRun(1_200)], 15).met, true, "the same 1,200 on PostgreSQL 15: ≥ 2 × 237");
  t.equal(verdict([seatsRun(1_600, 1)], 18).met, false, "a seat in two holds fails it whatever the speed");
  t.equal(verdict([seatsRun(1_600)], 17).met, undefined, "no baseline for PostgreSQL 17 in the issue");
  t.equal(verdict([], 18).met, undefined, "no seats run: not measured");
});

t.test("ratio targets: judged against the ceiling measured beside the run, the run-wide one shown", async (t) => {
  const restRun = (successesPerSec: number, besideTps?: number) => ({
    label: `hot · atomic · rest · 200 clients (${successesPerSec})`,
    spec: { iface: "rest", scenario: "hot", strategy: "atomic", clients: 200 },
    successesPerSec,
    rssMb: [],
    latency: { p99: 1 },
    invariants: { oversold: 0, counterMismatches: 0, unaccounted: 0 },
    ...(besideTps === undefined ? {} : { beside: { name: "L_hot", tps: besideTps, clients: 8, seconds: 6 } }),
  }) as unknown as RunResult;
  const ceiling = { lHot: { tps: 1_400, all: [] } } as unknown as Ceiling;
  const verdict = (runs: RunResult[]) => checkTargets(runs, ceiling).find((c) => c.name.startsWith("REST hot-event bookings/s ≥ 0.6"))!;
  // 700 is 0.50 of the run-wide 1,400 but 0.64 of the 1,100 the database did right after it.
  t.equal(verdict([restRun(700, 1_100)]).met, true, "700 ≥ 0.6 × 1,100 beside it");
  t.match(verdict([restRun(700, 1_100)]).measured, "700 ÷ L_hot beside it 1100 = 0.64; run-wide L_hot 1400: 0.50");
  t.equal(verdict([restRun(700, 1_300)]).met, false, "and missed when the database was fast beside it: 0.54");
  t.equal(verdict([restRun(700)]).met, false, "no ceiling beside it: the run-wide one judges (0.50)");
  t.match(verdict([restRun(700)]).measured, "700 ÷ L_hot 1400 = 0.50");
  t.equal(verdict([restRun(900, 1_600), restRun(700, 1_100)]).met, true, "the best ratio counts, not the most bookings/s");
  t.equal(checkTargets([restRun(700, 1_100)], undefined).find((c) => c.name.startsWith("REST hot-event bookings/s ≥ 0.6"))!.met, true,
    "beside alone is enough");
  t.equal(verdict([]).met, undefined, "no run: not measured");
});

t.test("worker lags: p99 against the issue's 1 s, and not measured when the suite did not run them", async (t) => {
  const lag = (what: Lag["what"], p99: number, n = 300): Lag => ({ what, setting: `${n} holds`, n, p50: p99 / 4, p90: p99 / 2, p99, max: p99 * 1.1 });
  const verdict = (lags?: Lag[]) => checkTargets([], undefined, 18, lags).filter((c) => c.name.includes("lag p99"));
  t.same(verdict().map((c) => c.met), [undefined, undefined], "no lags: both not measured");
  const [expiry, delivery] = verdict([lag("hold expiry", 471), lag("notification delivery", 1_020)]);
  t.equal(expiry.met, true, "471 ms ≤ 1 s");
  t.match(expiry.measured, "p99 471 ms, max 518 ms over 300 holds");
  t.equal(delivery.met, false, "1,020 ms > 1 s");
  t.equal(verdict([lag("hold expiry", 0, 0)])[0].met, false, "no sample is not a pass");
});

t.test("live-update push latency: percentiles of the probe's samples, and what a failed probe says", async (t) => {
  const samples = Array.from({ length: 200 }, (_, i) => 200 - i); // 200 … 1 ms, unsorted
  const s = summarizePush({ samples, missed: 2 })!;
  t.same([s.n, s.missed], [200, 2]);
  // The order statistics (100th and 198th of 200), within the histogram's 3 significant digits.
  for (const [got, exact] of [[s.p50, 100], [s.p99, 198], [s.max, 200]]) t.ok(Math.abs(got - exact) / exact < 0.001, `${got} ≈ ${exact}`);
  t.match(pushLine({ samples, missed: 2 }), "p50 100  p99 198  max 200 ms (commit → eventChanged, 200 probe bookings, 2 missed)");
  t.equal(summarizePush({ samples: [], missed: 0 }), undefined);
  t.equal(pushLine({ samples: [], missed: 0, failure: "the eventChanged subscription sent nothing" }),
    "not measured (the eventChanged subscription sent nothing)");
  t.equal(pushLine(undefined), "", "SQL runs have no probe");
});

t.test("pgbench: tps parsed from its real summary; the script builds the bench's ids", async (t) => {
  const output = `number of failed transactions: 0 (0.000%)
latency average = 1.706 ms
initial connection time = 12.148 ms
tps = 4689.017544 (without initial connection time)`;
  t.equal(parseTps(output), 4689.017544);
  t.equal(parseTps("nothing"), undefined);
  // The script's SQL expressions, evaluated by hand for run 26, event 7, user 42:
  t.match(bookScript(), /lpad\(to_hex\(:run\), 8, '0'\) \|\| '-0000-4000-9000-' \|\| lpad\(:e::text, 12, '0'\)/);
  t.equal(eventId(26, 7), "0000001a-0000-4000-9000-000000000007");
  t.equal(userId(42), "00000000-0000-4000-8000-000000000042");
  // L_min calls the minimal function in a transaction of the same shape, never book_tickets.
  t.match(bookScript("min"), /^begin;$/m);
  t.match(bookScript("min"), /select bench\.book_min\(/);
  t.notMatch(bookScript("min"), /book_tickets/);
  t.match(bookScript("min"), /^end;$/m);
});

t.test("app instances run with npm start's environment and node flags", async (t) => {
  t.same(startCommand("MALLOC_ARENA_MAX=2 node --max-semi-space-size=1 --v8-pool-size=1 src/cli/start.ts"), {
    env: { MALLOC_ARENA_MAX: "2" }, flags: ["--max-semi-space-size=1", "--v8-pool-size=1"],
  });
  t.same(startCommand("node src/cli/start.ts"), { env: {}, flags: [] });
  t.same(startCommand(), startCommand(JSON.parse((await import("node:fs")).readFileSync("package.json", "utf8")).scripts.start), "reads package.json");
});

t.test("quietness: only the bench database's backends are the bench's", async (t) => {
  const db = "evently_bench_42";
  t.ok(isOwnBackend("postgres: evently_authenticator evently_bench_42 127.0.0.1(5566) idle", db));
  t.ok(isOwnBackend("postgres: 15/main: postgres evently_bench_42 [local] idle", db));
  t.notOk(isOwnBackend("postgres: 15/main: postgres wtrest_dev 127.0.0.1(40112) INSERT", db));
  t.notOk(isOwnBackend("postgres: evently_authenticator evently_test_7 127.0.0.1(5566) idle in transaction", db));
  t.ok(isOwnBackend("postgres: 15/main: walwriter", db), "background processes work for the bench too");
  t.ok(isOwnBackend("postgres: anything else 127.0.0.1(1) idle", undefined), "own server: everything is the bench's");
});

t.test("plans: impossible combinations are skipped with a reason, never run", async (t) => {
  const args = parseBenchArgs(["--strategy", "all", "--interface", "sql,graphql", "--scenario", "hot,seats", "--clients", "200"]);
  const { runs, skipped } = planRuns(args);
  t.same(runs.map((r) => `${r.scenario}/${r.strategy}/${r.iface}`), [
    "hot/naive/sql", "hot/pessimistic/sql", "hot/optimistic/sql", "hot/atomic/sql", "hot/atomic/graphql",
    "seats/atomic/sql", "seats/atomic/graphql",
  ]);
  t.equal(runs.find((r) => r.scenario === "seats")?.capacity, 10_000, "seats: a 10,000-seat venue");
  t.same(skipped.filter((s) => s.what.startsWith("seats")).map((s) => s.what), [
    "seats · naive · sql", "seats · pessimistic · sql", "seats · optimistic · sql",
    "seats · naive · graphql", "seats · pessimistic · graphql", "seats · optimistic · graphql",
  ]);
  t.equal(unavailable("atomic", "rest", "hot"), undefined, "REST has landed");
  t.match(unavailable("naive", "rest", "hot"), /over --interface sql only/);
  t.match(unavailable("naive", "sql", "seats"), /has no seats/);
  t.equal(unavailable("atomic", "graphql", "seats"), undefined);
  t.equal(runs[0].capacity, 3000);
  t.equal(runs[0].sqlPool, 50);
  const open = planRuns(parseBenchArgs(["--rate", "400", "--duration", "20"])).runs[0];
  t.equal(open.capacity, 800, "open model: demand rate × duration is 10× capacity");
  t.throws(() => parseBenchArgs(["--strategy", "magic"]), /unknown strategy/);
});

t.test("seats: the venue holds exactly the seats asked, requests ask 2-6 seats, demand is twice the seats", async (t) => {
  t.same(seatLayout(10_000).map((s) => [s.rows, s.seatsPerRow]), [[50, 100], [25, 80], [25, 80], [20, 50]], "the concurrency test's hall");
  for (const seats of [1_000, 2_000, 10_000, 20_000]) t.equal(layoutSeats(seatLayout(seats)), seats, `${seats} seats`);
  const asked = Array.from({ length: 10 }, (_, i) => seatQuantity(i));
  t.same(asked, [2, 3, 4, 5, 6, 2, 3, 4, 5, 6]);
  const requests = seatRequests(10_000);
  const demand = Array.from({ length: requests }, (_, i) => seatQuantity(i)).reduce((a, b) => a + b, 0);
  t.equal(demand, 20_000, "demand = 2 × supply");
});

t.test("--quick and --suite include seats, atomic only", async (t) => {
  const args = parseBenchArgs([]);
  const quickSeats = quickRuns(args).filter((r) => r.scenario === "seats");
  t.same(quickSeats.map((r) => `${r.strategy}/${r.iface}/${r.capacity}`), ["atomic/sql/1000", "atomic/graphql/1000"]);
  // CI checks invariants on every path: the batch path included.
  t.same(quickRuns(args).filter((r) => r.scenario === "hot").map((r) => r.iface).filter((i) => i !== "sql"), ["graphql", "rest", "rest-batch", "graphql-batch"]);
  t.match(unavailable("naive", "rest-batch", "hot"), /over --interface sql only/);
  const suiteSeats = suiteRuns(args).filter((r) => r.scenario === "seats");
  t.same(suiteSeats.map((r) => `${r.strategy}/${r.iface}x${r.instances}/${r.capacity}`), [
    "atomic/sqlx1/10000", "atomic/graphqlx1/10000", "atomic/graphqlx2/10000",
  ]);
  // Hot sells out (2,000 tickets, 60 s at most); spread measures throughput like L_spread:
  // 200 tickets for each of the 1,000 events, 20 s.
  const suite = suiteRuns(args);
  t.same([...new Set(suite.filter((r) => r.scenario === "hot").map((r) => `${r.capacity}/${r.durationMs}`))], ["2000/60000"]);
  t.same([...new Set(suite.filter((r) => r.scenario === "spread").map((r) => `${r.capacity}/${r.durationMs}/${r.events}`))], ["200000/20000/1000"]);
});

t.test("threadCpuSeconds: the main thread's CPU apart from the other threads'", async (t) => {
  // Each thread burns until the kernel has charged it 0.3 s (its own /proc/thread-self), so
  // the checks hold however busy the machine is.
  const burnUntilCharged = `
    const { readFileSync } = require("node:fs");
    const own = () => { const f = readFileSync("/proc/thread-self/stat", "utf8"); const x = f.slice(f.lastIndexOf(")") + 2).split(" "); return (Number(x[11]) + Number(x[12])) / 100; };
    const start = own();
    while (own() - start < 0.3);
  `;
  const start = threadCpuSeconds(process.pid);
  new Function("require", burnUntilCharged)(createRequire(import.meta.url));
  const afterMain = threadCpuSeconds(process.pid);
  t.ok(afterMain.main - start.main >= 0.29, `main thread: ${(afterMain.main - start.main).toFixed(2)} s for 0.3 s of work`);
  t.ok(afterMain.others - start.others < 0.15, `other threads meanwhile: ${(afterMain.others - start.others).toFixed(2)} s`);
  // A worker thread's work counts as another thread's, read while the worker still exists
  // (an ended thread leaves /proc/<pid>/task).
  const worker = new Worker(`${burnUntilCharged}; require("node:worker_threads").parentPort.postMessage("charged"); setInterval(() => {}, 1000);`, { eval: true });
  await once(worker, "message");
  const afterWorker = threadCpuSeconds(process.pid);
  await worker.terminate();
  t.ok(afterWorker.others - afterMain.others >= 0.29, `other threads: ${(afterWorker.others - afterMain.others).toFixed(2)} s for the worker's 0.3 s`);
  t.ok(afterWorker.main - afterMain.main < 0.15, `main thread while waiting: ${(afterWorker.main - afterMain.main).toFixed(2)} s`);
  t.same(threadCpuSeconds(2 ** 22 + 1), { main: 0, others: 0 }, "a pid that does not exist: zero");
});
