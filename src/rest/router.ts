// Mounts the route table on express: authentication, rate limit, validation, one SQL call
// as the caller, metrics, problem+json errors. No business rule is decided here.
import express, { type Request } from "express";
import type pg from "pg";
import { asRequestRole } from "./transaction.ts";
import { assertValid, bodyValidator, parameterValidator } from "./validate.ts";
import { ProblemError, problemHandler, problemFor, sendProblem } from "./problem.ts";
import { registeredError } from "../errors.ts";
import type { RouteContext, RouteSpec } from "./route.ts";
import type { RateLimitBucket } from "./rate-limit.ts";
import type { Metrics } from "../server/metrics.ts";
import type { Claims } from "../auth/tokens.ts";

export interface RouterDeps {
  pool: pg.Pool;
  /** Reads a route marks `replica` go here (the replica while usable, else the primary). */
  readPool?: pg.Pool;
  metrics: Metrics;
  consumeRateLimit(bucket: RateLimitBucket, ip: string, claims: Claims | undefined): Promise<void>;
  statementTimeout: string;
}

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
      if (validateParams) assertValid(validateParams, params, "path");
      const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
      assertValid(validateQuery, query, "query");
      const body: Record<string, unknown> = req.body ?? {};
      if (validateBody) assertValid(validateBody, body, "body");
      else if (req.body !== undefined && Object.keys(req.body).length > 0) {
        throw new ProblemError("EVINV", "This route takes no request body", "body");
      }
      const header = req.get("Idempotency-Key");
      const pool = deps.readPool && (route.replica === "always" || (route.replica === "anonymous" && !claims)) ? deps.readPool : deps.pool;
      const ctx: RouteContext = {
        params, query, body, claims,
        idempotencyKey: route.idempotencyKey && header !== undefined ? header : null,
        sql: (text, values = []) =>
          asRequestRole(pool, claims, async (client) => (await client.query(text, values)).rows, deps.statementTimeout),
        sqlThenRead: (call, read) =>
          asRequestRole(pool, claims, async (client) => {
            const first = (await client.query(call.text, call.values)).rows;
            const second = read(first);
            return (await client.query(second.text, second.values)).rows;
          }, deps.statementTimeout),
      };
      const result = await route.handler(ctx).catch((error: unknown) => {
        if (registeredError(error)?.code === "EVSLD") deps.metrics.soldOut.inc();
        throw error;
      });
      if (route.counts) deps.metrics[route.counts].inc();
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
  for (const route of routes) mount(router, route, deps);
  router.use((req, res) => sendProblem(res, problemFor("EVNFD", `No route ${req.method} ${req.originalUrl}`, undefined, req.originalUrl)));
  router.use(problemHandler);
  return router;
}
