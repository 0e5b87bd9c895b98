// GET /api/v1: an index of the REST API (every route with its summary, and where the docs
// are), and the answer for a path below /api/v1 that no route takes: 405 with `Allow` when
// the path exists for other methods, otherwise 404 EVNRT. Both come from the route table.
import type { Request, Response } from "express";
import type { RouteSpec } from "./route.ts";
import { problemFor, sendProblem } from "./problem.ts";

export const API_INDEX_SCHEMA = {
  type: "object",
  required: ["name", "links", "routes"],
  properties: {
    name: { type: "string" },
    links: { type: "object", additionalProperties: { type: "string" } },
    routes: {
      type: "array",
      items: {
        type: "object",
        required: ["method", "path", "operation", "summary", "auth"],
        properties: {
          method: { type: "string" },
          path: { type: "string" },
          operation: { type: "string" },
          summary: { type: "string" },
          auth: { enum: ["anyone", "user", "admin"] },
        },
      },
    },
  },
};

export function apiIndex(routes: RouteSpec[]) {
  const body = {
    name: "Evently REST API v1",
    links: {
      openapi: "/openapi.json",
      docs: "/docs",
      errors: "/docs/errors",
      graphql: "/graphql",
      health: "/health",
    },
    routes: routes.map((route) => ({
      method: route.method.toUpperCase(),
      path: `/api/v1${route.path}`,
      operation: route.operationId,
      summary: route.summary,
      auth: route.auth,
    })),
  };
  return (_req: Request, res: Response) => void res.json(body);
}

/** Methods each path template answers, for 405s. */
export function unmatchedRoute(routes: RouteSpec[]) {
  const templates = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const route of [{ path: "/", method: "get" } as const, ...routes]) {
    const entry = templates.get(route.path) ?? {
      pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, "[^/]+")}/?$`),
      methods: new Set<string>(),
    };
    entry.methods.add(route.method.toUpperCase());
    if (route.method === "get") entry.methods.add("HEAD");
    templates.set(route.path, entry);
  }
  return (req: Request, res: Response) => {
    const allowed = new Set<string>();
    for (const { pattern, methods } of templates.values()) if (pattern.test(req.path)) for (const m of methods) allowed.add(m);
    if (allowed.size > 0 && !allowed.has(req.method)) {
      const allow = [...allowed].join(", ");
      sendProblem(res, problemFor("EVMTH", `${req.method} is not allowed on ${req.originalUrl.split("?")[0]}; use ${allow}`, undefined, req.originalUrl), { Allow: allow });
      return;
    }
    sendProblem(res, problemFor("EVNRT", `No route ${req.method} ${req.originalUrl.split("?")[0]}; GET /api/v1 lists them`, undefined, req.originalUrl));
  };
}
