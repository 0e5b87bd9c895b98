// A REST route is data: method, path, schemas, the codes it may answer with, and a
// handler that runs one SQL statement as the caller. The same description drives
// validation, rate limiting, metrics and the OpenAPI document.
import type pg from "pg";
import type { Claims } from "../auth/tokens.ts";
import { ProblemError } from "./problem.ts";

export type Auth = "anyone" | "user" | "admin";

export interface RouteContext {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** The Idempotency-Key header, passed to SQL as idempotency_key (SQL checks its format). */
  idempotencyKey: string | null;
  claims: Claims | undefined;
  /** Runs one statement in a transaction as the caller's role; returns the rows. */
  sql<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /**
   * Like sql, for a call whose result is then read back in the same transaction by a
   * second statement (which sees the call's writes: a STABLE function in the call's own
   * statement would not, e.g. the seats of a hold just placed).
   */
  sqlThenRead<R extends pg.QueryResultRow = pg.QueryResultRow>(
    call: { text: string; values: unknown[] },
    read: (rows: pg.QueryResultRow[]) => { text: string; values: unknown[] },
  ): Promise<R[]>;
  /**
   * evently.book_tickets as the caller, returning the booking's BOOKING columns; grouped
   * with concurrent requests for the same event into one book_tickets_batch call when
   * batching is on (src/booking/batcher.ts). Each request still gets its own answer.
   */
  bookTickets(args: { eventId: string; quantity: unknown; idempotencyKey: string | null }): Promise<pg.QueryResultRow>;
}

export interface RouteSpec {
  method: "get" | "post" | "patch" | "delete";
  /** OpenAPI-style path below /api/v1, e.g. "/bookings/{id}". */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Who may call: "user" and "admin" need a token (SQL still decides what an admin is). */
  auth: Auth;
  params?: Record<string, Record<string, unknown>>;
  query?: Record<string, Record<string, unknown>>;
  requiredQuery?: string[];
  body?: Record<string, unknown>;
  idempotencyKey?: boolean;
  /** Rate-limit bucket: per IP for auth, per user and per IP for booking. */
  rateLimit?: "auth" | "booking";
  /**
   * May read from the replica (READ_DATABASE_URL) while it is within its lag bound:
   * "anonymous" for browsing without a token, "always" for display data and analytics.
   * Never for a route that decides or that shows the caller's own data.
   */
  replica?: "anonymous" | "always";
  /** Counted in /metrics when the call succeeds. */
  counts?: "holds" | "bookings";
  success: { status: 200 | 201 | 204; schema?: Record<string, unknown>; description: string };
  /** Registered codes this route may answer with (documented in OpenAPI; EVINV/EVTOK/EVRAT are added as applicable). */
  errors: string[];
  handler(ctx: RouteContext): Promise<unknown>;
}

/** The first row, or a 404 (EVNFD): rows hidden by row-level security are "not found" too. */
export function one<R>(rows: R[], what: string): R {
  if (rows.length === 0) throw new ProblemError("EVNFD", `${what} not found`);
  return rows[0];
}
