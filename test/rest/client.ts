// REST test client: a real app on evently_authenticator's login, and a fetch wrapper that
// checks every response against the served OpenAPI document (status documented, body
// matching its schema, problem+json for errors).
import type { Test } from "tap";
import pg from "pg";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as addFormatsModule from "ajv-formats";
import { createApp, listen, type AppOptions } from "../../src/server/app.ts";
import { signToken } from "../../src/auth/tokens.ts";
import type { TestDb } from "../helpers.ts";

const addFormats = addFormatsModule.default as unknown as typeof addFormatsModule.default.default;

export const JWT_SECRET = "rest-test-secret-rest-test-secret";

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export interface Api {
  base: string;
  pool: pg.Pool;
  /** The app's booking batcher counters (undefined when batching is off). */
  bookingBatch?: { stats: { batches: number; batchedRequests: number; singles: number } };
  call(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Reply>;
  /** How many responses were checked against the OpenAPI document. */
  checked: number;
  /** Statuses seen per documented operation ("post /api/v1/holds"), all checked against the document. */
  seen: Map<string, Set<number>>;
  /** The statuses /openapi.json documents for an operation, and whether it needs a token. */
  documented(method: string, template: string): { statuses: number[]; secured: boolean };
}

export function tokenFor(userId: string, admin = false): string {
  return signToken({ role: admin ? "evently_admin" : "evently_user", user_id: userId, exp: Math.floor(Date.now() / 1000) + 3600 }, JWT_SECRET);
}

function pathTemplate(paths: Record<string, unknown>, method: string, path: string): string | undefined {
  const bare = path.split("?")[0];
  return Object.keys(paths).find((template) => {
    if (!(paths[template] as Record<string, unknown>)[method]) return false;
    const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`);
    return pattern.test(bare);
  });
}

export async function startApi(t: Test, db: TestDb, options: Partial<AppOptions> = {}): Promise<Api> {
  const pool = db.newPool(10, db.authUrl);
  const app = await createApp({ pool, jwtSecret: JWT_SECRET, production: false, ...options });
  const bookingBatch = app.bookingBatch;
  const port = await listen(app.server, 0, "127.0.0.1");
  t.teardown(() => app.close());
  const base = `http://127.0.0.1:${port}`;
  const doc = await (await fetch(`${base}/openapi.json`)).json();
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  ajv.addSchema(doc, "openapi");
  const api: Api = {
    base,
    pool,
    bookingBatch,
    checked: 0,
    seen: new Map(),
    documented: (method, template) => ({
      statuses: Object.keys(doc.paths[template]?.[method]?.responses ?? {}).map(Number),
      secured: Boolean(doc.paths[template]?.[method]?.security),
    }),
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${base}${path}`, {
        method: method.toUpperCase(),
        headers,
        body: opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
      });
      const text = await res.text();
      const body = text ? JSON.parse(text) : undefined;
      // Conformance: the route, the status and the body are what /openapi.json says.
      const m = method.toLowerCase();
      const template = pathTemplate(doc.paths, m, path);
      // Every API answer is checked: a route missing from the document fails the call
      // (unknown routes must be 404s).
      if (!template && path.startsWith("/api/") && res.status !== 404) {
        throw new Error(`${method} ${path}: answered ${res.status} but is not in /openapi.json`);
      }
      if (template) {
        const response = doc.paths[template][m].responses[String(res.status)];
        if (!response) throw new Error(`${method} ${path}: status ${res.status} is not documented (${text})`);
        const contentType = (res.headers.get("content-type") ?? "").split(";")[0];
        if (response.content) {
          if (!response.content[contentType]) throw new Error(`${method} ${path}: content type ${contentType} not documented for ${res.status}`);
          const pointer = `openapi#/paths/${template.replaceAll("~", "~0").replaceAll("/", "~1")}/${m}/responses/${res.status}/content/${contentType.replace("/", "~1")}/schema`;
          const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
          if (!validate(body)) {
            throw new Error(`${method} ${path} ${res.status}: body does not match the OpenAPI schema: ${ajv.errorsText(validate.errors)}\n${text}`);
          }
        } else if (text) {
          throw new Error(`${method} ${path}: ${res.status} should have no body`);
        }
        api.checked++;
        const operation = `${m} ${template}`;
        if (!api.seen.has(operation)) api.seen.set(operation, new Set());
        api.seen.get(operation)!.add(res.status);
      }
      return { status: res.status, headers: res.headers, body };
    },
  };
  return api;
}

/**
 * Fails unless every given operation answered with its success status and every error
 * status its OpenAPI entry documents (429 is covered by rate-limit.test.ts, 503 by
 * ops/faults.test.ts, 413 and 415 by rest/front-door.test.ts; 401 of an
 * open route is only a bad token, covered by routes.test.ts).
 */
/** An RFC 9457 problem with this status and registered code (and, when given, the field it names). */
export function isProblem(t: Test, reply: Reply, status: number, code: string, field?: string): void {
  t.equal(reply.status, status, `HTTP ${status}`);
  t.equal(reply.headers.get("content-type")?.split(";")[0], "application/problem+json");
  t.equal(reply.body.code, code, `code ${code}`);
  t.equal(reply.body.status, status, "status repeated in the body");
  t.type(reply.body.title, "string");
  t.type(reply.body.detail, "string");
  if (field) t.equal(reply.body.field, field, `field ${field}`);
}

export function assertStatusesCovered(t: Test, api: Api, operations: string[]): void {
  for (const operation of operations) {
    const [method, template] = operation.split(" ");
    const { statuses, secured } = api.documented(method, template);
    t.ok(statuses.length > 0, `${operation} is in /openapi.json`);
    const seen = api.seen.get(operation) ?? new Set<number>();
    // 503 (EVDBU, EVTMO: the database, not the request) is covered by test/ops/faults.test.ts,
    // 413 (any body above 100 kB) and 415 (a body in another charset) by test/rest/front-door.test.ts.
    const missing = statuses.filter((status) => status !== 429 && status !== 503 && status !== 413 && status !== 415 && !seen.has(status) && (secured || status !== 401));
    t.same(missing, [], `${operation}: every documented status was exercised (seen ${[...seen].sort().join(", ")})`);
  }
}
