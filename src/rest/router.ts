// Mounts the route table on express: authentication, rate limit, validation, one SQL call
// as the caller, metrics, problem+json errors. No business rule is decided here.
import express, { type Request } from "express";
import type pg from "pg";
import { callAs, twoStepsAs } from "./transaction.ts";
import { assertStorable, assertValid, bodyValidator, parameterValidator } from "./validate.ts";
import { ProblemError, problemHandler } from "./problem.ts";
import { registeredError } from "../errors.ts";
import type { RouteContext, RouteSpec } from "./route.ts";
import type { RateLimitBucket } from "./rate-limit.ts";
import type { Metrics } from "../server/metrics.ts";
import type { Claims } from "../auth/tokens.ts";
import type { Booker } from "../booking/batcher.ts";
import { BOOKING_MADE } from "./columns.ts";
import { apiIndex, unmatchedRoute } from "./api-index.ts";

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

const BOOK_ONE = `select ${BOOKING_MADE} from evently.book_tickets(event_id => $1, quantity => $2, idempotency_key => $3) b`;

const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

function mount(router: express.Router, route: RouteSpec, deps: RouterDeps): void {
  const validateParams = route.params ? parameterValidator(route.params, Object.keys(route.params)) : undefined;
  const validateQuery = parameterValidator(route.query ?? {}, route.requiredQuery ?? []);
  const validateBody = route.body ? bodyValidator(route.body) : undefined;

  router[route.method](expressPath(route.path), async (req: Request, res, next) => {
    try {
      const claims = req.evently?.claims;
      if (route.auth !== "anyone" && !claims) throw new ProblemError("EVAUT", "You must be signed in to do this");
      if (route.rateLimit) {
        await deps.consumeRateLimit(route.rateLimit, req.ip ?? "unknown", claims).catch((error: unknown) => {
          if (error instanceof ProblemError) deps.metrics.rateLimited.inc();
          throw error;
        });
      }
      const params = { ...req.params } as Record<string, string>;
      assertStorable(params, "path");
      if (validateParams) assertValid(validateParams, params, "path");
      const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
      assertStorable(query, "query");
      assertValid(validateQuery, query, "query");
      const body: Record<string, unknown> = req.body ?? {};
      assertStorable(body, "body");
      if (validateBody) assertValid(validateBody, body, "body");
      else if (req.body !== undefined && Object.keys(req.body).length > 0) {
        throw new ProblemError("EVINV", "This route takes no request body", "body");
      }
      const header = req.get("Idempotency-Key");
      const pool = deps.readPool && (route.replica === "always" || (route.replica === "anonymous" && !claims)) ? deps.readPool : deps.pool;
      const ctx: RouteContext = {
        params, query, body, claims,
        idempotencyKey: route.idempotencyKey && header !== undefined ? header : null,
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
      if (route.success.status === 204) res.status(204).end();
      else res.status(route.success.status).json(result);
    } catch (error) {
      next(error);
    }
  });
}

export function apiRouter(routes: RouteSpec[], deps: RouterDeps): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: "100kb", strict: true }));
  router.get("/", apiIndex(routes));
  for (const route of routes) mount(router, route, deps);
  router.use(unmatchedRoute(routes));
  router.use(problemHandler);
  return router;
}
