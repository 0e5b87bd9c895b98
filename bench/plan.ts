// Which runs a command line asks for. Pure: the CLI executes the plan.
import type { BenchArgs, Interface, Scenario, Strategy } from "./args.ts";
import type { RunSpec } from "./run-one.ts";

export interface Skipped {
  what: string;
  why: string;
}

/** Seats on sale in the seats scenario (a 10,000-seat venue), and in --quick. */
export const SEATS = 10_000;
export const QUICK_SEATS = 1_000;
/** Length of the suite's spread runs, which do not sell out. */
export const SPREAD_SECONDS = 20;

/** Combinations that cannot run, and why (checked before anything starts). */
export function unavailable(strategy: Strategy, iface: Interface, scenario: Scenario): string | undefined {
  if (iface !== "sql" && strategy !== "atomic") {
    return `strategy ${strategy} exists only in the bench schema, which no API exposes: it runs over --interface sql only.`;
  }
  if (scenario === "seats" && strategy !== "atomic") {
    return `strategy ${strategy} has no seats: the bench schema sells general admission only; seats run with atomic (evently.hold_best_available).`;
  }
  return undefined;
}

function spec(args: BenchArgs, scenario: Scenario, strategy: Strategy, iface: Interface, over: Partial<RunSpec> = {}): RunSpec {
  const rate = over.rate ?? args.rate;
  const durationMs = (over.durationMs ?? args.duration * 1000);
  const defaultCapacity = scenario === "seats" ? SEATS : rate ? Math.max(1, Math.round((rate * durationMs) / 1000 / 10)) : 3000;
  const clients = over.clients ?? args.clients;
  return {
    scenario,
    strategy,
    iface,
    clients,
    instances: iface === "sql" ? 1 : args.instances,
    rate,
    durationMs,
    capacity: args.capacity ?? defaultCapacity,
    events: args.events,
    sqlPool: Math.min(args.pool, clients),
    // The app's JIT takes seconds to reach its steady rate (a batched run from cold: 856
    // bookings/s in its first second, 2,100-2,300 from the fourth), while a hot sale of
    // 2,000 tickets lasts about one: the warm-up runs for 5 s (at most 20,000 requests), as
    // the ceilings have their own warm-up before they are measured.
    warmup: 20_000,
    warmupMs: 5_000,
    ...over,
  };
}

/** The cartesian product of the lists given; impossible combinations are skipped with a reason. */
export function planRuns(args: BenchArgs): { runs: RunSpec[]; skipped: Skipped[] } {
  const runs: RunSpec[] = [];
  const skipped: Skipped[] = [];
  for (const scenario of args.scenarios) {
    for (const iface of args.interfaces) {
      for (const strategy of args.strategies) {
        const why = unavailable(strategy, iface, scenario);
        if (why) skipped.push({ what: `${scenario} · ${strategy} · ${iface}`, why });
        else runs.push(spec(args, scenario, strategy, iface));
      }
    }
  }
  return { runs, skipped };
}

/** CI's check: every strategy and every interface, tiny, in seconds; seats on a 1,000-seat venue. */
export function quickRuns(args: BenchArgs): RunSpec[] {
  const base = { ...args, clients: 20, capacity: 100, events: 10, duration: 15, rate: undefined, instances: 1 };
  const runs: RunSpec[] = [];
  for (const scenario of ["hot", "spread"] as const) {
    for (const strategy of ["naive", "pessimistic", "optimistic", "atomic"] as const) {
      runs.push({ ...spec(base, scenario, strategy, "sql"), warmup: 0 });
    }
    runs.push({ ...spec(base, scenario, "atomic", "graphql"), warmup: 20 });
    runs.push({ ...spec(base, scenario, "atomic", "rest"), warmup: 20 });
    runs.push({ ...spec(base, scenario, "atomic", "rest-batch"), warmup: 20 });
    runs.push({ ...spec(base, scenario, "atomic", "graphql-batch"), warmup: 20 });
  }
  const seats = { ...base, capacity: QUICK_SEATS };
  runs.push({ ...spec(seats, "seats", "atomic", "sql"), warmup: 0 });
  runs.push({ ...spec(seats, "seats", "atomic", "graphql"), warmup: 20 });
  return runs;
}

/** The published matrix, minus the 2,000-client run, whose rate depends on these results. */
export function suiteRuns(args: BenchArgs): RunSpec[] {
  const hot = { ...args, clients: 200, duration: 60, rate: undefined, instances: 1, capacity: args.capacity ?? 2000 };
  // Spread measures throughput, as L_spread does (unlimited capacity): 200 tickets per event,
  // more than a 20 s run sells. With 2 per event the sale was mostly refusals for events
  // already sold out, and booked/s was capacity over the time to find the last free ones.
  const spread = { ...hot, duration: SPREAD_SECONDS, capacity: args.capacity ?? args.events * 200 };
  const runs: RunSpec[] = [];
  for (const [scenario, base] of [["hot", hot], ["spread", spread]] as const) {
    for (const strategy of ["naive", "pessimistic", "optimistic", "atomic"] as const) runs.push(spec(base, scenario, strategy, "sql"));
    runs.push(spec(base, scenario, "atomic", "graphql"));
    runs.push(spec({ ...base, instances: 2 }, scenario, "atomic", "graphql"));
    runs.push(spec(base, scenario, "atomic", "rest"));
    runs.push(spec(base, scenario, "atomic", "rest-batch"));
    runs.push(spec(base, scenario, "atomic", "graphql-batch"));
  }
  // The guide figure: REST on one hot event at 50 connections, with and without batching.
  runs.push(spec({ ...hot, clients: 50 }, "hot", "atomic", "rest"));
  runs.push(spec({ ...hot, clients: 50 }, "hot", "atomic", "rest-batch"));
  // Seats: always the 10,000-seat venue (--capacity sizes the general-admission runs).
  const seats = { ...hot, capacity: SEATS };
  runs.push(spec(seats, "seats", "atomic", "sql"));
  runs.push(spec(seats, "seats", "atomic", "graphql"));
  runs.push(spec({ ...seats, instances: 2 }, "seats", "atomic", "graphql"));
  return runs;
}

/** 2,000 clients at half the maximum booking rate measured for the same scenario and interface. */
export function halfRateRun(args: BenchArgs, maxRate: number, instances: number, iface: Interface = "graphql"): RunSpec {
  const rate = Math.max(1, Math.round(maxRate / 2));
  return spec({ ...args, capacity: undefined, instances }, "hot", "atomic", iface, {
    clients: 2000,
    rate,
    durationMs: 20_000,
    warmup: 4000,
    note: `half of the ${Math.round(maxRate)} bookings/s measured closed-model`,
  });
}
