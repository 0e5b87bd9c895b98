// Mounts the route table on express, for the requests the direct path (src/rest/direct.ts)
// leaves to it: what each route answers comes from src/rest/answer.ts either way.
import express, { type Request } from "express";
import { problemHandler } from "./problem.ts";
import type { RouteSpec } from "./route.ts";
import { API_BODY_LIMIT, expressPath, routeAnswerer, type RouterDeps } from "./answer.ts";
import { apiIndex, unmatchedRoute } from "./api-index.ts";

function mount(router: express.Router, route: RouteSpec, deps: RouterDeps): void {
  const answer = routeAnswerer(route, deps);
  router[route.method](expressPath(route.path), async (req: Request, res, next) => {
    try {
      const { status, body } = await answer({
        params: req.params as Record<string, string>,
        query: req.query as Record<string, unknown>,
        body: req.body,
        claims: req.evently?.claims,
        ip: req.ip ?? "unknown",
        idempotencyKey: req.get("Idempotency-Key"),
      });
      if (status === 204) res.status(204).end();
      else res.status(status).json(body);
    } catch (error) {
      next(error);
    }
  });
}

export function apiRouter(routes: RouteSpec[], deps: RouterDeps): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: API_BODY_LIMIT, strict: true }));
  router.get("/", apiIndex(routes));
  for (const route of routes) mount(router, route, deps);
  router.use(unmatchedRoute(routes));
  router.use(problemHandler);
  return router;
}
