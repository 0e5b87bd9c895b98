// The targets, judged from the measured runs (never from assumptions).
import { ceilingCpu, type Ceiling, type PgbenchCeiling } from "../ceiling/measure.ts";
import { QUIET_OTHER_SHARE } from "../cpu-watch.ts";
import type { RunResult } from "../run-one.ts";
import type { Lag } from "../lags.ts";
import { fmt } from "../stats.ts";

export interface TargetCheck {
  name: string;
  measured: string;
  met: boolean | undefined; // undefined: not measured in this run
}

/** Did the run break an invariant (oversold, counters ≠ rows, a seat twice, a false sold-out …)? */
export function violated(r: RunResult): boolean {
  const i = r.invariants;
  const seats = i.seats;
  return (
    i.oversold > 0 || i.counterMismatches > 0 || i.unaccounted !== 0 ||
    (seats !== undefined && (seats.doubleSeats > 0 || seats.orphanSeats > 0 || seats.falseSoldOuts > 0))
  );
}

/** Invariant violations are failures for every strategy except naive. */
export function invariantViolations(results: RunResult[]): RunResult[] {
  return results.filter((r) => r.spec.strategy !== "naive" && violated(r));
}

const at8 = (c: PgbenchCeiling | undefined) => c?.all.find((r) => r.clients === 8)?.tps;

function best(runs: RunResult[]): RunResult | undefined {
  return runs.reduce<RunResult | undefined>((a, b) => (!a || b.successesPerSec > a.successesPerSec ? b : a), undefined);
}

/**
 * A run's booking rate against the ceiling. Judged against the ceiling measured right before
 * the run (`beside`, when there is one): the host's speed drifts within a suite, and a
 * ratio of two measurements minutes apart takes the drift for the app's cost. The ratio
 * against the run-wide ceiling is shown beside it.
 */
function ratioTarget(name: string, runs: RunResult[], ceiling: number | undefined, ceilingName: string, min: number): TargetCheck {
  const against = (r: RunResult) => r.beside?.tps ?? ceiling;
  const judged = runs.filter((r) => against(r) !== undefined);
  const r = judged.reduce<RunResult | undefined>((a, b) => (!a || b.successesPerSec / against(b)! > a.successesPerSec / against(a)! ? b : a), undefined);
  if (!r) return { name, measured: "not measured", met: undefined };
  const l = against(r)!;
  const runWide = r.beside && ceiling ? `; run-wide ${ceilingName} ${ceiling.toFixed(0)}: ${(r.successesPerSec / ceiling).toFixed(2)}` : "";
  return {
    name,
    measured: `${r.successesPerSec.toFixed(0)} ÷ ${ceilingName}${r.beside ? " beside it" : ""} ${l.toFixed(0)} = ${(r.successesPerSec / l).toFixed(2)}${runWide} (${r.label})`,
    met: r.successesPerSec >= min * l,
  };
}

/** The limit on the p99 of both worker lags (hold expiry, notification delivery). */
export const LAG_P99_LIMIT_MS = 1_000;

/** The best-available baselines: seats/s on the 10,000-seat venue, per PostgreSQL major version. */
export const BEST_AVAILABLE_BASELINE: Readonly<Record<number, number>> = { 15: 237, 18: 768 };

/** postgresMajor: the server's major version (the best-available baseline depends on it); lags: the worker's (bench/lags.ts), when measured. */
export function checkTargets(results: RunResult[], ceiling: Ceiling | undefined, postgresMajor?: number, lags: Lag[] = []): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const lMin8 = at8(ceiling?.lMin);
  const lHot8 = at8(ceiling?.lHot);
  checks.push({
    name: "book_tickets L_hot ≥ 0.5 × L_min at 8 clients",
    measured: lMin8 && lHot8 ? `${lHot8.toFixed(0)} ÷ ${lMin8.toFixed(0)} = ${(lHot8 / lMin8).toFixed(2)}` : "not measured",
    met: lMin8 && lHot8 ? lHot8 >= 0.5 * lMin8 : undefined,
  });
  const lHot = ceiling?.lHot?.tps;
  const lSpread = ceiling?.lSpread?.tps;
  const closed = (iface: string, scenario: string) =>
    results.filter((r) => r.spec.iface === iface && r.spec.scenario === scenario && r.spec.strategy === "atomic" && !r.spec.rate);
  for (const iface of ["rest", "graphql"] as const) {
    const name = iface === "rest" ? "REST" : "GraphQL";
    checks.push(ratioTarget(`${name} hot-event bookings/s ≥ 0.6 × L_hot (no batching)`, closed(iface, "hot"), lHot, "L_hot", 0.6));
    checks.push(ratioTarget(`${name} hot-event bookings/s ≥ 1.5 × L_hot with batching`, closed(`${iface}-batch`, "hot"), lHot, "L_hot", 1.5));
    checks.push(ratioTarget(`${name} spread bookings/s ≥ 0.4 × L_spread`, [...closed(iface, "spread"), ...closed(`${iface}-batch`, "spread")], lSpread, "L_spread", 0.4));
  }
  const rest50 = results.filter((r) => r.spec.iface.startsWith("rest") && r.spec.scenario === "hot" && r.spec.clients === 50 && !r.spec.rate);
  const b50 = best(rest50);
  checks.push({
    name: "REST on one hot event at 50 connections: ≥ 1,400 bookings/s with p99 ≤ 50 ms (guide for 4× the peer)",
    measured: b50 ? `${b50.successesPerSec.toFixed(0)}/s, p99 ${b50.latency.p99.toFixed(1)} ms (${b50.label})` : "not measured",
    met: b50 ? b50.successesPerSec >= 1400 && b50.latency.p99 <= 50 : undefined,
  });
  const open2000 = results.filter((r) => r.spec.clients >= 2000 && r.spec.rate && r.spec.iface !== "sql");
  checks.push({
    name: "2,000 concurrent clients: p99 ≤ 100 ms at half the maximum rate",
    measured: open2000.length
      ? open2000.map((r) => `p99 ${r.latency.p99.toFixed(1)} ms at ${r.spec.rate}/s (${r.label})`).join("; ")
      : "not measured",
    met: open2000.length ? open2000.every((r) => r.latency.p99 <= 100 && r.errors === 0) : undefined,
  });
  for (const [clients, limit] of [[200, 150], [2000, 200]] as const) {
    const rss = results.filter((r) => (clients === 200 ? r.spec.clients <= 200 : r.spec.clients >= 2000)).flatMap((r) => r.rssMb);
    checks.push({
      name: `app RSS ≤ ${limit} MB at ${clients === 200 ? "≤ 200" : "2,000"} clients`,
      measured: rss.length ? `peak ${Math.max(...rss).toFixed(0)} MB per instance` : "not measured",
      met: rss.length ? Math.max(...rss) <= limit : undefined,
    });
  }
  const seatHolds = results.filter((r) => r.seatsPerSec !== undefined);
  const bestSeats = seatHolds.reduce<RunResult | undefined>((a, b) => (!a || b.seatsPerSec! > a.seatsPerSec! ? b : a), undefined);
  const baseline = postgresMajor === undefined ? undefined : BEST_AVAILABLE_BASELINE[postgresMajor];
  checks.push({
    name: "best available: ≥ 2 × the issue's seats/s on this PostgreSQL version, 0 false sold-outs, 0 seats in two holds",
    measured: !bestSeats
      ? "not measured"
      : baseline === undefined
        ? `${bestSeats.seatsPerSec!.toFixed(0)} seats/s (${bestSeats.label}); the issue gives no baseline for PostgreSQL ${postgresMajor ?? "?"}`
        : `${bestSeats.seatsPerSec!.toFixed(0)} ÷ ${baseline} (PostgreSQL ${postgresMajor}) = ${(bestSeats.seatsPerSec! / baseline).toFixed(2)} (${bestSeats.label})`,
    met: bestSeats && baseline !== undefined ? bestSeats.seatsPerSec! >= 2 * baseline && !seatHolds.some(violated) : undefined,
  });
  for (const what of ["hold expiry", "notification delivery"] as const) {
    const lag = lags.find((l) => l.what === what);
    checks.push({
      name: `${what} lag p99 ≤ ${LAG_P99_LIMIT_MS / 1000} s (worker at the defaults)`,
      measured: lag ? `p99 ${fmt(lag.p99)} ms, max ${fmt(lag.max)} ms over ${lag.setting}` : "not measured",
      met: lag ? lag.n > 0 && lag.p99 <= LAG_P99_LIMIT_MS : undefined,
    });
  }
  const correct = results.filter((r) => r.spec.strategy !== "naive");
  const bad = invariantViolations(results);
  const seatRuns = correct.filter((r) => r.invariants.seats);
  checks.push({
    name: "zero oversell, zero double seats, counters = rows, every Evently run",
    measured: correct.length
      ? `${correct.length - bad.length} of ${correct.length} runs clean (oversold ${bad.reduce((s, r) => s + r.invariants.oversold, 0)}` +
        (seatRuns.length
          ? `; ${seatRuns.length} seats runs: seats in two holds/tickets ${seatRuns.reduce((s, r) => s + r.invariants.seats!.doubleSeats, 0)}, ` +
            `refused while enough were free ${seatRuns.reduce((s, r) => s + r.invariants.seats!.falseSoldOuts, 0)}`
          : "") +
        ")"
      : "not measured",
    met: correct.length ? bad.length === 0 : undefined,
  });
  return checks;
}

/** The quietness check: the most CPU anything outside the benchmark used during a ceiling. */
export function quietness(ceiling: Ceiling | undefined): { maxOther: number; quiet: boolean } | undefined {
  const readings = ceilingCpu(ceiling);
  if (!readings.length) return undefined;
  const maxOther = Math.max(...readings.map((c) => c.other));
  return { maxOther, quiet: maxOther <= QUIET_OTHER_SHARE };
}
