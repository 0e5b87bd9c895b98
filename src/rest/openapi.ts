// The OpenAPI 3.1 document, generated from the route table and the schemas Ajv validates
// with (nothing here is written twice). Served at /openapi.json.
import { errorCodes } from "../errors.ts";
import type { RouteSpec } from "./route.ts";
import { componentSchemas } from "./schemas.ts";
import { API_INDEX_SCHEMA } from "./api-index.ts";

const problemContent = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

function errorCodesOf(route: RouteSpec): string[] {
  const codes = new Set(route.errors);
  // Every route validates: unknown query fields, a body where none is taken, values PostgreSQL cannot store.
  codes.add("EVINV");
  if (route.method !== "get") {
    codes.add("EVBIG"); // a body above 100 kB, whether the route takes one or not
    codes.add("EVMED"); // a body in another charset or an unknown content encoding
  }
  if (route.auth !== "anyone") codes.add("EVAUT");
  if (route.auth === "admin") codes.add("EVFBD");
  codes.add("EVTOK"); // any request may carry a bad token
  if (route.rateLimit) codes.add("EVRAT");
  // Any request may meet a database that is restarting, a statement timeout, or a deadlock.
  codes.add("EVDBU");
  codes.add("EVTMO");
  codes.add("EVRTY");
  return [...codes];
}

function responsesOf(route: RouteSpec): Record<string, unknown> {
  const responses: Record<string, unknown> = {
    [route.success.status]: {
      description: route.success.description,
      ...(route.success.schema ? { content: { "application/json": { schema: route.success.schema } } } : {}),
    },
  };
  const byStatus = new Map<number, string[]>();
  for (const code of errorCodesOf(route)) {
    const entry = errorCodes.get(code)!;
    byStatus.set(entry.status, [...(byStatus.get(entry.status) ?? []), `${code} (${entry.name})`]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = {
      description: codes.join(", "),
      content: problemContent,
      ...(status === 429 || status === 503 ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait" } } } : {}),
    };
  }
  return responses;
}

function parametersOf(route: RouteSpec): unknown[] {
  const parameters: unknown[] = [];
  for (const [name, schema] of Object.entries(route.params ?? {})) parameters.push({ name, in: "path", required: true, schema });
  for (const [name, schema] of Object.entries(route.query ?? {})) {
    parameters.push({ name, in: "query", required: (route.requiredQuery ?? []).includes(name), schema });
  }
  if (route.idempotencyKey) {
    parameters.push({
      name: "Idempotency-Key", in: "header", required: false,
      description: "1-255 visible ASCII characters; a retry with the same key returns the same booking (24 hours).",
      schema: { type: "string" },
    });
  }
  return parameters;
}

export function openApiDocument(routes: RouteSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {
    "/api/v1": {
      get: {
        operationId: "apiIndex", summary: "Index of the REST API: every route, and links to the docs", tags: ["index"],
        responses: { 200: { description: "The index", content: { "application/json": { schema: API_INDEX_SCHEMA } } } },
      },
    },
  };
  for (const route of routes) {
    paths[`/api/v1${route.path}`] ??= {};
    paths[`/api/v1${route.path}`][route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth === "anyone" ? {} : { security: [{ bearer: [] }] }),
      parameters: parametersOf(route),
      ...(route.body ? { requestBody: { required: route.method !== "post" || !route.path.endsWith("/cancel"), content: { "application/json": { schema: route.body } } } } : {}),
      responses: responsesOf(route),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Evently REST API",
      version: "1.0.0",
      description:
        "A thin layer over Evently's SQL API: every route calls one PL/pgSQL function or reads one table as the caller. " +
        "Errors are RFC 9457 problem details whose `code` is listed at [/docs/errors](/docs/errors) (docs/error-codes.md). " +
        "Schemas are JSON Schema 2020-12 (OpenAPI 3.1's default dialect).",
    },
    servers: [{ url: "/" }],
    tags: ["index", "auth", "venues", "events", "seats", "holds", "bookings", "tickets", "waitlist", "notifications", "check-in", "analytics", "webhooks"].map((name) => ({ name })),
    paths,
    components: {
      schemas: componentSchemas,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  };
}
