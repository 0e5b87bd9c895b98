// What a REST route answers, independent of how the request arrived: authentication,
// rate limit, validation, one SQL call as the caller, metrics. Both doors use it: Express
// (src/rest/router.ts) and the direct path for plain requests (src/rest/direct.ts), so a
// request gets the same answer through either. No business rule is decided here.
import type pg from "pg";
import { callAs, twoStepsAs } from "./transaction.ts";
import { assertStorable, assertValid, bodyValidator, parameterValidator } from "./validate.ts";
import { ProblemError } from "./problem.ts";
import { registeredError } from "../errors.ts";
import type { RouteContext, RouteSpec } from "./route.ts";
import type { RateLimitBucket } from "./rate-limit.ts";
import type { Metrics } from "../server/metrics.ts";
import type { Claims } from "../auth/tokens.ts";
import type { Booker } from "../booking/batcher.ts";
import { BOOKING_MADE } from "./columns.ts";

export interface RouterDeps {
  pool: pg.Pool;
  /** Reads a route marks `replica` go here (the replica while usable, else the primary). */
  readPool?: pg.Pool;
  metrics: Metrics;
  consumeRateLimit(bucket: RateLimitBucket, ip: string, claims: Claims | undefined): Promise<void>;
  statementTimeout: string;
  /** Batching of one-step bookings (undefined: every booking is its own transaction). */
  booker?: Booker;
}

/** A request as the route sees it, parsed by whichever door it came through. */
export interface ApiRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown;
  claims: Claims | undefined;
  ip: string;
  idempotencyKey: string | undefined;
}

export interface Answer {
  status: 200 | 201 | 204;
  /** JSON body (absent for 204). */
  body?: unknown;
}

const BOOK_ONE = `select ${BOOKING_MADE} from evently.book_tickets(event_id => $1, quantity => $2, idempotency_key => $3) b`;

/** The largest JSON body the API reads, through either door (larger: 413 EVBIG). */
export const API_BODY_LIMIT = 100 * 1024;

/** Express's form of a path template ({id} → :id), also the route label in metrics. */
export const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

/** The route's answer to one request; throws a ProblemError or the database's error otherwise. */
export function routeAnswerer(route: RouteSpec, deps: RouterDeps): (request: ApiRequest) => Promise<Answer> {
  const validateParams = route.params ? parameterValidator(route.params, Object.keys(route.params)) : undefined;
  const validateQuery = parameterValidator(route.query ?? {}, route.requiredQuery ?? []);
  const validateBody = route.body ? bodyValidator(route.body) : undefined;

  return async (request) => {
    const { claims } = request;
    if (route.auth !== "anyone" && !claims) throw new ProblemError("EVAUT", "You must be signed in to do this");
    if (route.rateLimit) {
      await deps.consumeRateLimit(route.rateLimit, request.ip, claims).catch((error: unknown) => {
        if (error instanceof ProblemError) deps.metrics.rateLimited.inc();
        throw error;
      });
    }
    const params = { ...request.params };
    assertStorable(params, "path");
    if (validateParams) assertValid(validateParams, params, "path");
    const query: Record<string, unknown> = { ...request.query };
    assertStorable(query, "query");
    assertValid(validateQuery, query, "query");
    const body = (request.body ?? {}) as Record<string, unknown>;
    assertStorable(body, "body");
    if (validateBody) assertValid(validateBody, body, "body");
    else if (request.body !== undefined && Object.keys(body).length > 0) {
      throw new ProblemError("EVINV", "This route takes no request body", "body");
    }
    const pool = deps.readPool && (route.replica === "always" || (route.replica === "anonymous" && !claims)) ? deps.readPool : deps.pool;
    const ctx: RouteContext = {
      params, query, body, claims,
      idempotencyKey: route.idempotencyKey && request.idempotencyKey !== undefined ? request.idempotencyKey : null,
      sql: (text, values = []) => callAs(pool, claims, { text, values }, deps.statementTimeout),
      sqlThenRead: (call, read) => twoStepsAs(pool, claims, call, read, deps.statementTimeout),
      bookTickets: async ({ eventId, quantity, idempotencyKey }) => {
        const single = async () => {
          const rows = await callAs(deps.pool, claims, { text: BOOK_ONE, values: [eventId, quantity, idempotencyKey] }, deps.statementTimeout);
          if (rows.length === 0) throw new ProblemError("EVNFD", "Booking not found");
          return rows[0];
        };
        if (!deps.booker || !claims) return single();
        return deps.booker.book({ userId: claims.user_id, eventId, quantity, idempotencyKey, single });
      },
    };
    const result = await route.handler(ctx).catch((error: unknown) => {
      if (registeredError(error)?.code === "EVSLD") deps.metrics.soldOut.inc();
      throw error;
    });
    // Idempotent replays answer the same booking again: counted once, when it was made.
    const replay = result !== null && typeof result === "object" && "created_now" in result
      ? !(result as { created_now: boolean }).created_now
      : false;
    if (result !== null && typeof result === "object") delete (result as { created_now?: boolean }).created_now;
    if (route.counts && !replay) deps.metrics[route.counts].inc();
    return route.success.status === 204 ? { status: 204 } : { status: route.success.status, body: result };
  };
}
