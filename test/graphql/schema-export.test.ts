// The GraphQL schema exported ahead of time (src/graphql/schema.ts): it is the schema
// PostGraphile builds, its cache key follows the database and not its oids, a changed
// schema is exported again, GRAPHQL_SCHEMA=live still works, and a process serving the
// export does not load PostGraphile's schema builder.
import t, { type Test } from "tap";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jwt from "jsonwebtoken";
import { makeSchema } from "postgraphile";
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from "postgraphile/graphql";
import { createTestDb } from "../helpers.ts";
import { createApp, listen, type AppOptions } from "../../src/server/app.ts";
import { schemaPreset } from "../../src/graphql/preset.ts";
import { makeServePreset } from "../../src/graphql/serve-preset.ts";
import { DEFAULT_SCHEMA_VARIANT, exportedSchemaFile, importSchema, schemaKey } from "../../src/graphql/schema.ts";
import { projectRoot } from "../../src/config.ts";

const sdl = (schema: GraphQLSchema) => printSchema(lexicographicSortSchema(schema));

/** Starts an app with these options (closed at the test's end); returns a GraphQL POST to it. */
async function serve(t: Test, options: AppOptions) {
  const app = await createApp(options);
  t.teardown(() => app.close());
  const port = await listen(app.server, 0, "127.0.0.1");
  return async (query: string, variables: Record<string, unknown> = {}) =>
    (await (
      await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as { data?: any; errors?: unknown[] };
}

const db = await createTestDb(t);
const authPool = db.newPool(4, db.authUrl);

t.test("the exported schema prints exactly as the one PostGraphile builds from the same database", async (t) => {
  const servePreset = makeServePreset({ pool: authPool, jwtSecret: "x".repeat(32), production: true, statementTimeout: "5s" });
  const built = (await makeSchema({ extends: [schemaPreset(DEFAULT_SCHEMA_VARIANT), servePreset] })).schema;
  const file = await exportedSchemaFile(authPool);
  const exported = await importSchema(file);
  t.equal(sdl(exported), sdl(built), "same types, fields, arguments and descriptions");
  t.ok(sdl(exported).includes("scalar JwtToken"), "the JWT type is there");
  t.ok(sdl(exported).includes("eventChanged(eventId: UUID!)"), "and the subscription");
  const source = readFileSync(file, "utf8");
  t.notMatch(source, /from "graphile-build/, "the module does not import the schema builder");
  t.notMatch(source, /"x{32}"/, "nor any secret");
});

t.test("databases deployed from the same files share a key; a change to the exposed schema makes a new one", async (t) => {
  const other = await createTestDb(t);
  const otherAuth = other.newPool(2, other.authUrl);
  const key = await schemaKey(authPool);
  t.equal(await schemaKey(otherAuth), key, "another clone (other oids) has the same key");
  t.not(await schemaKey(other.pool), key, "a login with other privileges (the superuser) has its own: PgRBACPlugin reads them");
  await other.pool.query("comment on function evently.authenticate(text, text) is 'Changed by the test.'");
  const commented = await schemaKey(otherAuth);
  t.not(commented, key, "a changed comment (a description, or a smart tag) changes the key");
  await other.pool.query("create function evently.schema_export_probe() returns int language sql stable as 'select 42'");
  await other.pool.query("grant execute on function evently.schema_export_probe() to evently_anonymous");
  t.not(await schemaKey(otherAuth), commented, "so does a new function");
  t.equal(await schemaKey(authPool), key, "the first database's key did not move");

  const gql = await serve(t, { pool: otherAuth, jwtSecret: "y".repeat(32), production: true });
  t.same(await gql("{ schemaExportProbe }"), { data: { schemaExportProbe: 42 } }, "the app serves the new function after its export");
  t.ok(existsSync(await exportedSchemaFile(otherAuth)), "and the export is cached under its key");
});

t.test("processes starting together after a schema change export it once; the others wait for that file", async (t) => {
  const cacheDir = mkdtempSync(join(tmpdir(), "evently-schema-cache-"));
  t.teardown(() => rmSync(cacheDir, { recursive: true, force: true }));
  const lines: string[] = [];
  // Three pools stand for three processes (separate connections, one cache folder).
  const files = await Promise.all([0, 1, 2].map(() =>
    exportedSchemaFile(db.newPool(2, db.authUrl), (line) => lines.push(line), cacheDir)));
  t.equal(new Set(files).size, 1, "all three use one file");
  t.ok(existsSync(files[0]), "which exists");
  t.equal(lines.filter((l) => l.startsWith("GraphQL schema exported in")).length, 1, `one export (${JSON.stringify(lines)})`);
  t.equal(lines.filter((l) => l.startsWith("GraphQL schema exported by another process")).length, 2, "the other two waited for it");
  const { rows: [locks] } = await db.pool.query<{ n: number }>("select count(*)::int as n from pg_locks where locktype = 'advisory' and objsubid = 1");
  t.equal(locks.n, 0, "no advisory lock is left behind");
});

t.test("GRAPHQL_SCHEMA=live builds the schema in the process; tokens are signed with the app's secret either way", async (t) => {
  for (const graphqlSchema of ["live", "exported"] as const) {
    const jwtSecret = `${graphqlSchema}-secret-`.padEnd(40, "z");
    const gql = await serve(t, { pool: authPool, jwtSecret, production: true, graphqlSchema });
    const email = `export-${graphqlSchema}-${Date.now()}@example.com`;
    const reg = await gql("mutation ($e: String) { register(input: {email: $e, password: \"long enough pass\", name: \"X\"}) { result { id } } }", { e: email });
    t.notOk(reg.errors, `${graphqlSchema}: register`);
    const auth = await gql("mutation ($e: String) { authenticate(input: {email: $e, password: \"long enough pass\"}) { result } }", { e: email });
    const claims = jwt.verify(auth.data.authenticate.result, jwtSecret, { audience: "evently", issuer: "evently", algorithms: ["HS256"] }) as jwt.JwtPayload;
    t.equal(claims.user_id, reg.data.register.result.id, `${graphqlSchema}: the token verifies with this app's secret and names the user`);
    t.ok(claims.exp! > Date.now() / 1000 + 23 * 3600, `${graphqlSchema}: and expires in a day, as authenticate says`);
  }
});

t.test("when no export can be made, the app builds the schema itself and still serves", async (t) => {
  // Not a folder (ENOTDIR): the cache cannot be created.
  const gql = await serve(t, { pool: authPool, jwtSecret: "f".repeat(32), production: true, graphqlSchemaCache: join(projectRoot, "package.json", "cache") });
  t.same(await gql("{ currentUserId }"), { data: { currentUserId: null } });
});

t.test("an API process serving the exported schema does not load PostGraphile's schema builder", async (t) => {
  // A child process, since this test file itself loaded postgraphile for the comparison above.
  const script = `
import { createRequire } from "node:module";
import pg from "pg";
const { createApp } = await import(${JSON.stringify(join(projectRoot, "src", "server", "app.ts"))});
const pool = new pg.Pool({ connectionString: process.env.PROBE_URL, max: 2 });
const app = await createApp({ pool, jwtSecret: "p".repeat(32), production: true });
const loaded = new Set(Object.keys(createRequire(import.meta.url).cache).map((k) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(k)?.[1]));
console.log(JSON.stringify([...loaded].filter(Boolean).sort()));
await app.close();
await pool.end();`;
  const child = spawn(process.execPath, ["--import=./src/cli/preflight.mjs", "--input-type=module", "-e", script], {
    cwd: projectRoot,
    env: { ...process.env, PROBE_URL: db.authUrl, LOG_LEVEL: "warn" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  t.equal(code, 0, stderr);
  const loaded = JSON.parse(stdout.trim().split("\n").at(-1)!) as string[];
  t.ok(loaded.includes("grafast") && loaded.includes("@dataplan/pg"), "it runs on grafast and @dataplan/pg");
  for (const builder of ["graphile-build", "graphile-build-pg", "graphile-utils", "pg-introspection", "transliteration"]) {
    t.notOk(loaded.includes(builder), `${builder} is not loaded`);
  }
});
