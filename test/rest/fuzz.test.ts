// Property-based fuzzing of every surface (fast-check, seeded): requests for every
// operation in /openapi.json built from its own schemas with hostile values mixed in
// (NUL characters, lone surrogates, integers beyond 32 bits, 1e400, year 0000, wrong
// types, unknown fields, deep nesting, bad tokens and idempotency keys), and every GraphQL
// mutation with arguments built from the introspected input types the same way.
// Properties: never a 5xx; every REST error is problem+json with a registered code and its
// registry status, documented for the operation; every GraphQL error carries a registered
// code or is GraphQL's own validation error, and none is masked.
// EVENTLY_FUZZ_RUNS (default 2000 REST, a quarter of it GraphQL) and EVENTLY_FUZZ_SEED
// reproduce a run; a failure prints the seed and the shrunk request.
import t from "tap";
import fc from "fast-check";
import { randomUUID } from "node:crypto";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { JWT_SECRET, startApi, tokenFor } from "./client.ts";
import { errorCodes } from "../../src/errors.ts";
import { signToken } from "../../src/auth/tokens.ts";

const RUNS = Number(process.env.EVENTLY_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.EVENTLY_FUZZ_SEED ?? 20261201);

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 1_000_000, durationSeconds: 60 } });
const adminId = await createUser(db, { admin: true });
const userId = await createUser(db);
const event = await createEvent(db, adminId, { capacity: 1_000_000, maxPerUser: 1_000_000 });
const { rows: [venue] } = await db.pool.query("insert into evently.venues (name, city) values ('Hall', 'Porto') returning id");
const ids = [event, venue.id as string, adminId, userId];

type Schema = Record<string, any>;
const doc = (await (await fetch(`${api.base}/openapi.json`)).json()) as Schema;
const resolve = (schema: Schema): Schema =>
  schema.$ref ? resolve(schema.$ref.split("/").slice(1).reduce((node: Schema, key: string) => node[key], doc)) : schema;

// ---- values, as raw JSON text (so 1e400 and lone surrogates reach the server as sent)
const raw = (value: unknown) => JSON.stringify(value);
const HOSTILE_JSON = [
  raw("a\u0000b"), raw("\u0000"), '"\\ud800"', '"x\\udc00y"', "2147483648", "-2147483649", "9007199254740993", "1e20", "1e400", "-1e400",
  "1.5", "-1", "0", raw("0000-01-01T00:00:00Z"), raw("0000-01-01"), raw("2027-01-01T00:00:00+23:59"), raw("99999-01-01T00:00:00Z"),
  "null", "true", "[]", "{}", raw(""), raw(" "), raw("x".repeat(3000)), raw({ "\u0000": 1 }), raw({ a: { b: { c: [1, [2, [3]]] } } }),
  raw("not-a-uuid"), raw("00000000-0000-0000-0000-000000000000"), raw("' or 1=1 --"), raw("P1D"), raw("P99999999D"), raw("PT1S"),
];
const hostileJson = fc.constantFrom(...HOSTILE_JSON);

function validJson(schema: Schema, depth = 0): fc.Arbitrary<string> {
  schema = resolve(schema);
  if (schema.enum) return fc.constantFrom(...schema.enum.map(raw));
  if (schema.const !== undefined) return fc.constant(raw(schema.const));
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices) return fc.oneof(...(choices as Schema[]).map((s) => validJson(s, depth)));
  switch (schema.type) {
    case "integer":
      return fc.oneof(fc.integer({ min: -3, max: 20 }), fc.integer()).map(raw);
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map(raw);
    case "boolean":
      return fc.boolean().map(raw);
    case "string":
      if (schema.format === "uuid") return fc.oneof(fc.constantFrom(...ids), fc.uuid()).map(raw);
      if (schema.format === "date-time") return fc.integer({ min: -400, max: 400 }).map((d) => raw(new Date(Date.now() + d * 86_400_000).toISOString()));
      if (schema.format === "date") return fc.integer({ min: -400, max: 400 }).map((d) => raw(new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)));
      if (schema.pattern) return fc.constantFrom("PT30M", "P1D", "PT1800S", "P0D").map(raw);
      return fc.string({ maxLength: 30, unit: "grapheme" }).map(raw);
    case "array":
      return depth > 3 ? fc.constant("[]") : fc.array(valueJson(schema.items ?? {}, depth + 1), { maxLength: 4 }).map((items) => `[${items.join(",")}]`);
    case "object":
      return depth > 3 ? fc.constant("{}") : objectJson(schema, depth + 1);
    default:
      return hostileJson;
  }
}

/** Mostly what the schema says, sometimes hostile. */
function valueJson(schema: Schema, depth = 0): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: validJson(schema, depth) }, { weight: 1, arbitrary: hostileJson });
}

function objectJson(schema: Schema, depth: number): fc.Arbitrary<string> {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
  const extra = schema.additionalProperties && typeof schema.additionalProperties === "object"
    ? [["Stalls", schema.additionalProperties], ["a\u0000b", schema.additionalProperties]] as Array<[string, Schema]>
    : [];
  const entries = [...properties, ...extra].map(([key, s]) =>
    fc.option(valueJson(s, depth).map((v) => `${raw(key)}:${v}`), { freq: 4, nil: undefined }),
  );
  return fc.tuple(fc.tuple(...entries), fc.option(hostileJson.map((v) => `"unknown_field":${v}`), { freq: 8, nil: undefined })).map(
    ([present, unknown]) => `{${[...present, unknown].filter(Boolean).join(",")}}`,
  );
}

// ---- requests
const HOSTILE_PARAM = ["%00", "a%00b", "%ED%A0%80", "%FF", "0000-01-01", "2147483648", "1e400", "-1", "x".repeat(300), "%2F", "null"];
function paramString(schema: Schema): fc.Arbitrary<string> {
  schema = resolve(schema);
  const valid = validJson(schema).map((json) => {
    const value = JSON.parse(json);
    return typeof value === "string" ? encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "")) : encodeURIComponent(JSON.stringify(value));
  });
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_PARAM) });
}

interface Operation {
  method: string;
  template: string;
  spec: Schema;
}
const operations: Operation[] = Object.entries(doc.paths as Record<string, Record<string, Schema>>).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, spec]) => ({ method, template, spec })),
);

const tokens = fc.constantFrom<string | undefined>(
  undefined,
  tokenFor(userId),
  tokenFor(adminId, true),
  "garbage",
  signToken({ role: "evently_admin", user_id: randomUUID(), exp: Math.floor(Date.now() / 1000) + 3600 }, JWT_SECRET),
);

/** mixed: hostile values anywhere; otherwise every value follows the schema (so requests reach SQL). */
const requestFor = (op: Operation, mixed: boolean) => {
  const parameters = (op.spec.parameters ?? []) as Schema[];
  const path = parameters.filter((p) => p.in === "path");
  const query = parameters.filter((p) => p.in === "query");
  const bodySchema = op.spec.requestBody?.content?.["application/json"]?.schema;
  const param = (schema: Schema) =>
    mixed ? paramString(schema) : validJson(schema).map((json) => encodeURIComponent(String(JSON.parse(json))));
  const none = fc.constant(undefined);
  return fc.record({
    op: fc.constant(op),
    path: fc.tuple(...path.map((p) => param(p.schema).map((v) => [p.name as string, v] as const))),
    query: fc.tuple(...query.map((p) => fc.option(param(p.schema).map((v) => `${p.name}=${v}`), { freq: 2, nil: undefined }))),
    unknownQuery: mixed ? fc.option(fc.constantFrom("zzz=1", "city=%00", "limit=1e400"), { freq: 10, nil: undefined }) : none,
    body: bodySchema
      ? mixed ? fc.option(valueJson(bodySchema), { freq: 10, nil: undefined }) : validJson(bodySchema)
      : mixed ? fc.option(hostileJson, { freq: 10, nil: undefined }) : none,
    token: mixed ? tokens : fc.constant(tokenFor(adminId, true)),
    idempotencyKey: mixed
      ? fc.option(fc.constantFrom("k-" + randomUUID(), "é", "x".repeat(300), " ", "a b"), { freq: 3, nil: undefined })
      : fc.option(fc.uuid(), { freq: 2, nil: undefined }),
  });
};
const anyRequest = fc.oneof(...operations.flatMap((op) => [requestFor(op, true), requestFor(op, false)]));

function documented(op: Operation, status: number): boolean {
  return Boolean(op.spec.responses?.[String(status)]);
}

t.test(`REST: ${RUNS} requests over all ${operations.length} operations, never a 5xx, always a registered problem`, async (t) => {
  t.ok(operations.length >= 30, "every operation of /openapi.json takes part");
  const statuses = new Map<number, number>();
  let sent = 0;
  let failure = "";
  await fc.assert(
    fc.asyncProperty(anyRequest, async (r) => {
      let url = r.op.template;
      for (const [name, value] of r.path) url = url.replace(`{${name}}`, value);
      const query = [...r.query, r.unknownQuery].filter(Boolean).join("&");
      if (query) url += `?${query}`;
      const headers: Record<string, string> = {};
      if (r.token) headers.authorization = `Bearer ${r.token}`;
      const body = r.op.method === "get" ? undefined : r.body; // fetch sends no body with GET
      if (body !== undefined) headers["content-type"] = "application/json";
      if (r.idempotencyKey !== undefined) headers["idempotency-key"] = Buffer.from(r.idempotencyKey, "latin1").toString("latin1");
      const res = await fetch(`${api.base}${url}`, { method: r.op.method.toUpperCase(), headers, body }).catch((error: Error) => {
        failure = `no answer (${error.message}: ${String((error.cause as Error | undefined)?.message)}): ${r.op.method.toUpperCase()} ${url} ${JSON.stringify(headers)} ${body ?? ""}`;
        throw error;
      });
      const text = await res.text();
      sent++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const where = `${r.op.method.toUpperCase()} ${url} ${body ?? ""} → ${res.status} ${text.slice(0, 300)}`;
      const fail = (what: string): never => {
        failure = `${what}: ${where}`;
        throw new Error(failure);
      };
      if (res.status >= 500) fail("5xx");
      if (res.status >= 400) {
        if (!(res.headers.get("content-type") ?? "").startsWith("application/problem+json")) fail("not problem+json");
        const problem = JSON.parse(text);
        const entry = errorCodes.get(problem.code);
        if (!entry) return fail("unregistered code");
        if (entry.status !== res.status) fail("status is not the registry's");
        // (a bad token is refused before any route: EVTOK is the authentication layer's, as 404 is the router's)
        if (res.status !== 404 && problem.code !== "EVTOK" && !documented(r.op, res.status)) fail("status not documented for the operation");
      }
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  ).catch((error: Error) => {
    throw new Error(`${failure}\n${error.message.replace(/Counterexample: .*?\n/s, "").slice(-3000)}`);
  });
  t.equal(sent >= RUNS, true, `${sent} requests sent`);
  t.notOk([...statuses.keys()].some((s) => s >= 500), "no 5xx");
  t.comment(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  t.same(await db.pool.query("select * from evently_private.invariant_violations(null)").then((r) => r.rows), [], "invariants hold");
});

// ---- GraphQL: every mutation, arguments from the introspected input types
interface TypeRef { kind: string; name: string | null; ofType: TypeRef | null }
interface InputValue { name: string; type: TypeRef }
const introspection = (await (
  await fetch(`${api.base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `{ __schema { mutationType { fields { name args { name type { ...T } } } }
        types { name kind enumValues { name } inputFields { name type { ...T } } } } }
        fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`,
    }),
  })
).json()) as { data: { __schema: { mutationType: { fields: Array<{ name: string; args: InputValue[] }> }; types: Array<{ name: string; kind: string; enumValues: Array<{ name: string }> | null; inputFields: InputValue[] | null }> } } };
const types = new Map(introspection.data.__schema.types.map((ty) => [ty.name, ty]));
const mutations = introspection.data.__schema.mutationType.fields;

const HOSTILE_GQL: Record<string, unknown[]> = {
  String: ["a\u0000b", "\ud800", "x".repeat(3000), "", "0000-01-01T00:00:00Z", "1e400"],
  Int: [2147483647, -2147483648, 0, -1],
  BigInt: ["9223372036854775808", "-1", "1e400", "abc", "99999999999999999999999"],
  BigFloat: ["1e400", "NaN", "abc"],
  Float: [1e308, -1e308, 0.5],
  Datetime: ["0000-01-01T00:00:00Z", "294277-01-01T00:00:00Z", "2027-13-45T00:00:00Z", "yesterday", "2027-01-01T00:00:00+23:59"],
  Date: ["0000-01-01", "2027-02-30"],
  UUID: ["not-a-uuid", "00000000-0000-0000-0000-000000000000", randomUUID()],
  JSON: [{ "\u0000": 1 }, "\u0000", [[[[[]]]]], 1e308],
  Boolean: [true, false],
};

function gqlValue(ref: TypeRef, depth = 0): fc.Arbitrary<unknown> {
  if (ref.kind === "NON_NULL") return gqlValue(ref.ofType!, depth);
  if (ref.kind === "LIST") return depth > 2 ? fc.constant([]) : fc.array(gqlValue(ref.ofType!, depth + 1), { maxLength: 3 });
  const type = types.get(ref.name!)!;
  if (type.kind === "ENUM") return fc.constantFrom(...type.enumValues!.map((v) => v.name));
  if (type.kind === "INPUT_OBJECT") {
    if (depth > 3) return fc.constant({});
    return fc.record(
      Object.fromEntries(type.inputFields!.map((f) => [f.name, gqlValue(f.type, depth + 1)])),
      { requiredKeys: [] },
    );
  }
  const valid: Record<string, fc.Arbitrary<unknown>> = {
    String: fc.string({ maxLength: 20 }),
    Int: fc.integer({ min: -5, max: 50 }),
    Float: fc.double({ noNaN: true, noDefaultInfinity: true }),
    Boolean: fc.boolean(),
    UUID: fc.constantFrom(...ids),
    Datetime: fc.integer({ min: -100, max: 100 }).map((d) => new Date(Date.now() + d * 86_400_000).toISOString()),
    BigInt: fc.bigInt({ min: -5n, max: 100n }).map(String),
  };
  const hostile = HOSTILE_GQL[type.name] ?? ["\u0000", 1e400];
  return fc.oneof({ weight: 3, arbitrary: valid[type.name] ?? fc.constantFrom(...hostile) }, { weight: 1, arbitrary: fc.constantFrom(...hostile) });
}

const gqlTypeName = (ref: TypeRef): string =>
  ref.kind === "NON_NULL" ? `${gqlTypeName(ref.ofType!)}!` : ref.kind === "LIST" ? `[${gqlTypeName(ref.ofType!)}]` : ref.name!;

const GQL_RUNS = Math.max(50, Math.round(RUNS / 4));
t.test(`GraphQL: ${GQL_RUNS} calls over all ${mutations.length} mutations, never a 5xx, never a masked error`, async (t) => {
  t.ok(mutations.length >= 20, "every mutation takes part");
  const call = fc.oneof(
    ...mutations.map((m) =>
      fc.record({
        mutation: fc.constant(m),
        variables: fc.record(Object.fromEntries(m.args.map((a) => [a.name, gqlValue(a.type)])), { requiredKeys: [] }),
        token: tokens,
      }),
    ),
  );
  const codes = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(call, async ({ mutation, variables, token }) => {
      const declared = mutation.args.map((a) => `$${a.name}: ${gqlTypeName(a.type)}`).join(", ");
      const passed = mutation.args.map((a) => `${a.name}: $${a.name}`).join(", ");
      const query = `mutation${declared ? `(${declared})` : ""} { ${mutation.name}${passed ? `(${passed})` : ""} { clientMutationId } }`;
      const res = await fetch(`${api.base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      const where = `${mutation.name} ${JSON.stringify(variables).slice(0, 300)} → ${res.status} ${text.slice(0, 400)}`;
      if (res.status >= 500) throw new Error(`5xx: ${where}`);
      let body: { errors?: Array<{ message: string; extensions?: { code?: string } }> };
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`not JSON: ${where}`);
      }
      for (const error of body.errors ?? []) {
        if (/An error occurred/.test(error.message)) throw new Error(`masked error: ${where}`);
        const code = error.extensions?.code;
        if (code && !errorCodes.has(code)) throw new Error(`unregistered code ${code}: ${where}`);
        codes.set(code ?? "(GraphQL validation)", (codes.get(code ?? "(GraphQL validation)") ?? 0) + 1);
      }
    }),
    { numRuns: GQL_RUNS, seed: SEED, endOnFailure: true },
  );
  t.comment(`error codes: ${JSON.stringify(Object.fromEntries(codes))}`);
  t.pass("no 5xx and no masked error");
});
