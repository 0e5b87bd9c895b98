// The targets, judged from the measured runs (never from assumptions).
import type { Ceiling } from "../ceiling/measure.ts";
import type { RunResult } from "../run-one.ts";

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

export function checkTargets(results: RunResult[], ceiling: Ceiling | undefined): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const gqlHot = results.filter((r) => r.spec.iface === "graphql" && r.spec.scenario === "hot" && r.spec.strategy === "atomic" && !r.spec.rate);
  const bestHot = gqlHot.reduce<RunResult | undefined>((a, b) => (!a || b.successesPerSec > a.successesPerSec ? b : a), undefined);
  const lHot = ceiling?.lHot?.tps;
  checks.push({
    name: "GraphQL hot-event booking ≥ 0.6 × L_hot",
    measured: bestHot && lHot
      ? `${bestHot.successesPerSec.toFixed(0)} ÷ ${lHot.toFixed(0)} = ${(bestHot.successesPerSec / lHot).toFixed(2)} (${bestHot.label})`
      : "not measured",
    met: bestHot && lHot ? bestHot.successesPerSec >= 0.6 * lHot : undefined,
  });
  const open2000 = results.filter((r) => r.spec.clients >= 2000 && r.spec.rate && r.spec.iface !== "sql");
  checks.push({
    name: "2,000 concurrent clients: p99 ≤ 100 ms at half the maximum rate",
    measured: open2000.length
      ? open2000.map((r) => `p99 ${r.latency.p99.toFixed(1)} ms at ${r.spec.rate}/s (${r.label})`).join("; ")
      : "not measured",
    met: open2000.length ? open2000.every((r) => r.latency.p99 <= 100 && r.errors === 0) : undefined,
  });
  const rss = results.flatMap((r) => r.rssMb);
  checks.push({
    name: "app RSS ≤ 150 MB",
    measured: rss.length ? `peak ${Math.max(...rss).toFixed(0)} MB per instance` : "not measured",
    met: rss.length ? Math.max(...rss) <= 150 : undefined,
  });
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
