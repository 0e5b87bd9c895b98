// GraphQL over real HTTP: the app from src/server/app.ts on a random port, connected as
// evently_authenticator (the server's login role), and a small client for it.
import { randomBytes, randomUUID } from "node:crypto";
import type { Test } from "tap";
import type { TestDb } from "./helpers.ts";
import type pg from "pg";
import { createApp, listen, type AppOptions } from "../src/server/app.ts";

export interface GraphQLErrorJson {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; status?: number; field?: string; [key: string]: unknown };
}

export interface GraphQLResponse {
  /** HTTP status. */
  status: number;
  headers: Headers;
  data?: any;
  errors?: GraphQLErrorJson[];
}

export interface GraphQLServer {
  url: string;
  jwtSecret: string;
  /** The app's pool (evently_authenticator). */
  pool: pg.Pool;
  /** The app's booking batcher counters (batching is on by default). */
  bookingBatch?: { stats: { batches: number; batchedRequests: number; singles: number } };
  /** POSTs a query; `auth` is a bearer token, or a whole Authorization header value with `raw`. */
  gql(query: string, variables?: Record<string, unknown>, auth?: { token?: string; header?: string }): Promise<GraphQLResponse>;
}

/**
 * Starts the HTTP server on the test database (with these app options). Call after
 * createTestDb(t): teardowns run last-registered first, so the app closes before the pools end.
 */
export async function startGraphQLServer(t: Test, db: TestDb, options: Partial<AppOptions> = {}): Promise<GraphQLServer> {
  const jwtSecret = randomBytes(32).toString("base64url");
  const pool = db.newPool(10, db.authUrl);
  const app = await createApp({ pool, jwtSecret, production: false, ...options });
  t.teardown(() => app.close());
  const port = await listen(app.server, 0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    url,
    jwtSecret,
    pool,
    bookingBatch: app.bookingBatch,
    async gql(query, variables = {}, auth = {}) {
      const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
      if (auth.header !== undefined) headers.authorization = auth.header;
      else if (auth.token !== undefined) headers.authorization = `Bearer ${auth.token}`;
      const res = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: unknown; errors?: GraphQLErrorJson[] };
      return { status: res.status, headers: res.headers, data: body.data, errors: body.errors };
    },
  };
}

/** extensions.code of the first error (undefined when the request succeeded). */
export function errorCode(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

export interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
}

export const uniqueEmail = (prefix = "gql") => `${prefix}-${randomUUID()}@example.com`;

/**
 * Registers through the `register` mutation, optionally promotes to admin the way a DBA
 * does (update evently.users), then signs in through `authenticate`.
 */
export async function signUp(server: GraphQLServer, db: TestDb, opts: { admin?: boolean; name?: string } = {}): Promise<Account> {
  const email = uniqueEmail(opts.admin ? "admin" : "user");
  const password = `pw-${randomUUID()}`;
  const reg = await server.gql(
    `mutation ($email: String!, $password: String!, $name: String!) {
       register(input: {email: $email, password: $password, name: $name}) { result { id } }
     }`,
    { email, password, name: opts.name ?? "Test User" },
  );
  if (reg.errors) throw new Error(`register failed: ${JSON.stringify(reg.errors)}`);
  const id: string = reg.data.register.result.id;
  if (opts.admin) await db.pool.query("update evently.users set role = 'admin' where id = $1", [id]);
  const token = await signIn(server, email, password);
  return { id, email, password, token };
}

/** The JWT that `authenticate` returns (throws on any error). */
export async function signIn(server: GraphQLServer, email: string, password: string): Promise<string> {
  const res = await server.gql(
    `mutation ($email: String!, $password: String!) { authenticate(input: {email: $email, password: $password}) { result } }`,
    { email, password },
  );
  if (res.errors) throw new Error(`authenticate failed: ${JSON.stringify(res.errors)}`);
  return res.data.authenticate.result;
}
