// Prometheus metrics (prom-client). One registry per app so several instances can live
// in one process (tests); counters count what this instance served.
import type pg from "pg";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export function makeMetrics(pool: pg.Pool) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "evently_" });
  const requestDuration = new Histogram({
    name: "evently_http_request_duration_seconds",
    help: "HTTP request latency by route template, method and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const directRequests = new Counter({
    name: "evently_http_direct_requests_total",
    help: "REST requests answered by the direct path, without Express (src/rest/direct.ts); the rest of /api/v1 went through Express",
    registers: [registry],
  });
  const directGraphqlRequests = new Counter({
    name: "evently_graphql_direct_requests_total",
    help: "POST /graphql requests handed to GraphQL without Express (src/graphql/direct.ts); the rest of /graphql went through Express",
    registers: [registry],
  });
  const holds = new Counter({ name: "evently_holds_created_total", help: "Holds created", registers: [registry] });
  const bookings = new Counter({ name: "evently_bookings_created_total", help: "Bookings created (one-step and confirmed holds)", registers: [registry] });
  const soldOut = new Counter({ name: "evently_sold_out_refusals_total", help: "Requests refused as sold out (EVSLD)", registers: [registry] });
  const rateLimited = new Counter({ name: "evently_rate_limited_total", help: "Requests refused by a rate limit", registers: [registry] });
  new Gauge({
    name: "evently_db_pool_connections",
    help: "API connection pool: total, idle and waiting clients",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  // Filled on each scrape from evently_private.readiness() (see ops.ts).
  const jobLag = new Gauge({ name: "evently_job_lag_seconds", help: "How long the oldest due job has waited (0 when none)", registers: [registry] });
  const jobsDue = new Gauge({ name: "evently_jobs_due", help: "Jobs due and not yet taken by a worker", registers: [registry] });
  new Gauge({
    name: "evently_counter_mismatches_open",
    help: "Counters found not to equal their rows (reconcile_counters) and not yet repaired",
    registers: [registry],
    async collect() {
      const { rows } = await pool.query<{ n: number }>("select evently_private.open_counter_mismatches() as n");
      this.set(rows[0].n);
    },
  });
  /** evently_graphql_waiting: GraphQL requests waiting for a turn (src/graphql/turns.ts). */
  const registerGraphqlWaiting = (waiting: () => number) =>
    new Gauge({
      name: "evently_graphql_waiting",
      help: "POST /graphql requests waiting for one of the process's GRAPHQL_CONCURRENCY turns (src/graphql/turns.ts)",
      registers: [registry],
      collect() {
        this.set(waiting());
      },
    });
  return { registry, requestDuration, directRequests, directGraphqlRequests, holds, bookings, soldOut, rateLimited, jobLag, jobsDue, registerGraphqlWaiting };
}

export type Metrics = ReturnType<typeof makeMetrics>;
