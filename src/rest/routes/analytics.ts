// Admin analytics and the stats summary: each route is one function in functions/analytics/,
// which checks admin rights itself.
import { one, type RouteSpec } from "../route.ts";
import { listOf, schemaRef, timestampSchema } from "../schemas.ts";
import { namedArgs } from "../named-args.ts";

const date = { type: "string", format: "date" };

export const analyticsRoutes: RouteSpec[] = [
  {
    method: "get", path: "/admin/analytics/summary", operationId: "analyticsSummary", replica: "always", tag: "analytics", auth: "admin",
    summary: "Totals, cancellation rate and hold-to-booking conversion for bookings made in [since, until)",
    query: { since: timestampSchema, until: timestampSchema },
    success: { status: 200, schema: schemaRef("AnalyticsSummary"), description: "The figures" },
    errors: ["EVAUT", "EVFBD"],
    handler: async ({ sql, query }) => {
      const args = namedArgs(query, ["since", "until"]);
      return one(await sql(
        `select bookings_created, bookings_cancelled, tickets_sold, revenue_cents::double precision as revenue_cents,
                cancellation_rate, holds_created, holds_confirmed, hold_conversion_rate
           from evently.analytics_summary(${args.sql})`,
        args.values), "Summary");
    },
  },
  {
    method: "get", path: "/admin/analytics/daily", operationId: "analyticsDaily", replica: "always", tag: "analytics", auth: "admin",
    summary: "Bookings, tickets, revenue and cancellations per UTC day (at most 366 days)",
    query: { since: date, until: date },
    success: { status: 200, schema: listOf("AnalyticsDay"), description: "One row per day" },
    errors: ["EVAUT", "EVFBD"],
    handler: async ({ sql, query }) => {
      const args = namedArgs(query, ["since", "until"]);
      return sql(`select to_char(day, 'YYYY-MM-DD') as day, bookings, tickets, revenue_cents::double precision as revenue_cents,
                         cancellations
                    from evently.analytics_daily(${args.sql})`, args.values);
    },
  },
  {
    method: "get", path: "/admin/analytics/events", operationId: "analyticsEvents", replica: "always", tag: "analytics", auth: "admin",
    summary: "Top events by tickets sold, revenue or capacity utilization",
    query: {
      order_by: { enum: ["tickets", "revenue", "utilization"] },
      max_rows: { type: "integer", minimum: 1, maximum: 100 },
      starts_after: timestampSchema,
      starts_before: timestampSchema,
    },
    success: { status: 200, schema: listOf("AnalyticsEvent"), description: "The top events" },
    errors: ["EVAUT", "EVFBD"],
    handler: async ({ sql, query }) => {
      const args = namedArgs(query, ["order_by", "max_rows", "starts_after", "starts_before"]);
      return sql(`select event_id, name, starts_at, status, capacity, tickets_sold,
                         revenue_cents::double precision as revenue_cents, utilization
                    from evently.analytics_events(${args.sql})`, args.values);
    },
  },
  {
    method: "get", path: "/admin/analytics/check-ins", operationId: "analyticsCheckIns", replica: "always", tag: "analytics", auth: "admin",
    summary: "Per event, in start order: valid tickets, how many are checked in at the door, the share and the latest check-in",
    query: {
      starts_after: timestampSchema,
      starts_before: timestampSchema,
      max_rows: { type: "integer", minimum: 1, maximum: 1000 },
    },
    success: { status: 200, schema: listOf("AnalyticsCheckIns"), description: "One row per event" },
    errors: ["EVAUT", "EVFBD"],
    handler: async ({ sql, query }) => {
      const args = namedArgs(query, ["starts_after", "starts_before", "max_rows"]);
      return sql(`select event_id, name, starts_at, status, tickets, checked_in, check_in_rate, last_check_in_at
                    from evently.analytics_check_ins(${args.sql})`, args.values);
    },
  },
  {
    method: "get", path: "/admin/counter-mismatches", operationId: "listCounterMismatches", tag: "analytics", auth: "admin",
    summary: "Counter mismatches reconciliation recorded and nobody repaired yet, newest first (admins)",
    success: { status: 200, schema: listOf("CounterMismatch"), description: "The open mismatches" },
    errors: ["EVAUT", "EVFBD"],
    handler: async ({ sql }) =>
      sql(`select m.id::double precision as id, m.event_id, m.counter, m.recorded, m.actual, m.detected_at
             from evently.unrepaired_counter_mismatches() m`),
  },
  {
    method: "get", path: "/stats", operationId: "bookingStats", replica: "always", tag: "analytics", auth: "admin",
    summary: "Live booking summary for dashboards (admins)",
    success: { status: 200, schema: schemaRef("BookingStats"), description: "The summary" },
    errors: ["EVAUT", "EVFBD"],
    handler: async ({ sql }) =>
      one(await sql(`select events_upcoming, events_sold_out, tickets_sold, tickets_held, bookings_last_24h,
                            cancellations_last_24h, revenue_cents_last_24h::double precision as revenue_cents_last_24h
                       from evently.booking_stats()`), "Stats"),
  },
];
