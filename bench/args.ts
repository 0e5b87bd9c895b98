// Command line of `npm run bench`. Lists are comma-separated: `--strategy naive,atomic`.
import { parseArgs } from "node:util";

export const STRATEGIES = ["naive", "pessimistic", "optimistic", "atomic"] as const;
export const INTERFACES = ["sql", "graphql", "rest", "rest-batch", "graphql-batch"] as const;
export const SCENARIOS = ["hot", "spread", "seats"] as const;
export type Strategy = (typeof STRATEGIES)[number];
export type Interface = (typeof INTERFACES)[number];
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchArgs {
  clients: number;
  strategies: Strategy[];
  interfaces: Interface[];
  scenarios: Scenario[];
  instances: number;
  rate?: number;
  duration: number;
  capacity?: number;
  events: number;
  pool: number;
  databaseUrl?: string;
  quick: boolean;
  suite: boolean;
  ceiling: boolean;
  out: string;
  profile: boolean;
  pgbouncer: boolean;
}

export const USAGE = `npm run bench -- [options]
  --clients N        concurrent clients (closed model) or max in flight (open model)   [200]
  --strategy LIST    naive,pessimistic,optimistic,atomic or all                         [atomic]
  --interface LIST   sql,graphql,rest; rest-batch,graphql-batch: the same with the app's
                     booking batching on (BOOKING_BATCH; off for rest and graphql)         [sql]
  --scenario LIST    hot (one GA event, demand 10x capacity), spread (many events),
                     seats (best-available holds of 2-6 seats, 10,000-seat venue, demand 2x)  [hot]
  --instances N      app processes for graphql/rest, one database                        [1]
  --rate R           open model: R requests/s at fixed intended start times
  --duration S       time limit of one run in seconds                                     [30]
  --capacity N       tickets on sale (spread: in total); demand is 10x                   [3000; open model: rate*duration/10]
                     seats: seats in the venue (rows scaled)                              [10000]
  --events N         events in the spread scenario                                        [1000]
  --pool N           direct SQL connections                                               [min(clients, 50)]
  --database-url U   PostgreSQL server to use (a fresh database is created and dropped); default: embedded
  --no-ceiling       skip pgbench L_hot / L_spread and the bare HTTP endpoint
  --quick            seconds-long invariant check (CI): exit 1 on oversell or counter mismatch
  --suite            the published matrix (all strategies, sql+graphql, hot+spread, 2 instances, 2,000 clients at half the max rate)
  --profile          run app instances under node --cpu-prof (profiles in the results folder)
  --pgbouncer        app instances reach PostgreSQL through PgBouncer in transaction mode
                     (Debian's pgbouncer, pool of 20 server connections; direct SQL runs do not)
  --out DIR          where results go                                                     [bench/results]`;

function list<T extends string>(raw: string, allowed: readonly T[], what: string): T[] {
  if (raw === "all") return [...allowed];
  const items = raw.split(",").map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!allowed.includes(item as T)) throw new Error(`unknown ${what} "${item}" (one of ${allowed.join(", ")})`);
  }
  return items as T[];
}

function positive(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: "string" },
      strategy: { type: "string" },
      interface: { type: "string" },
      scenario: { type: "string" },
      instances: { type: "string" },
      rate: { type: "string" },
      duration: { type: "string" },
      capacity: { type: "string" },
      events: { type: "string" },
      pool: { type: "string" },
      "database-url": { type: "string" },
      "no-ceiling": { type: "boolean" },
      quick: { type: "boolean" },
      suite: { type: "boolean" },
      profile: { type: "boolean" },
      pgbouncer: { type: "boolean" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const clients = Math.round(positive(values.clients, "clients") ?? 200);
  return {
    clients,
    strategies: list(values.strategy ?? "atomic", STRATEGIES, "strategy"),
    interfaces: list(values.interface ?? "sql", INTERFACES, "interface"),
    scenarios: list(values.scenario ?? "hot", SCENARIOS, "scenario"),
    instances: Math.round(positive(values.instances, "instances") ?? 1),
    rate: positive(values.rate, "rate"),
    duration: positive(values.duration, "duration") ?? 30,
    capacity: values.capacity === undefined ? undefined : Math.round(positive(values.capacity, "capacity")!),
    events: Math.round(positive(values.events, "events") ?? 1000),
    pool: Math.round(positive(values.pool, "pool") ?? Math.min(clients, 50)),
    databaseUrl: values["database-url"] ?? process.env.DATABASE_URL ?? undefined,
    quick: values.quick ?? false,
    suite: values.suite ?? false,
    ceiling: !(values["no-ceiling"] ?? false),
    out: values.out ?? "bench/results",
    profile: values.profile ?? false,
    pgbouncer: values.pgbouncer ?? false,
  };
}
