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
  call(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Reply>;
  /** How many responses were checked against the OpenAPI document. */
  checked: number;
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
    checked: 0,
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
      }
      return { status: res.status, headers: res.headers, body };
    },
  };
  return api;
}
