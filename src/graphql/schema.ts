// Where the GraphQL schema comes from. PostGraphile builds it by introspecting the database
// and running graphile-build's plugins; kept in the API process, that machinery and what it
// built stay resident (~19 MB of heap, ~25-30 MB RSS, bench/results/2026-12-02-stop-22.md).
// So by default the schema is exported ahead of time (graphile-export) to an ES module, in
// a child process, and the API process only imports that module: grafast, @dataplan/pg and
// graphql, no graphile-build.
//
// The module is cached under node_modules/.cache/evently/graphql-schema/, named by a key
// of (a) the exposed PostgreSQL schema as the catalog describes it (tables, columns,
// constraints, indexes, functions with their bodies, types, comments, privileges and the
// roles of the login that introspects; no oids, so every database deployed from the same
// files shares it), (b) the code and package versions that shape the schema and (c) the
// variant the configuration asks for (SchemaVariant: booking batching on or off). A change to
// any of them makes a new export on the next start.
// GRAPHQL_SCHEMA=live builds the schema in the process instead, as PostGraphile usually does.
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type pg from "pg";
import type { GraphQLSchema } from "postgraphile/graphql";
import { projectRoot } from "../config.ts";
import { GRAPHQL_SCHEMAS } from "./serve-preset.ts";

export type GraphQLSchemaSource = "exported" | "live";

/** What the process's configuration changes in the schema's plans (each variant is its own export). */
export interface SchemaVariant {
  /**
   * bookTickets through the booking batcher (BOOKING_BATCH on, src/graphql/booking-batch.ts):
   * the call, then the booking read back by id. Off: PostGraphile's own mutation, which
   * books and selects the payload in one statement.
   */
  bookingBatch: boolean;
}

export const DEFAULT_SCHEMA_VARIANT: SchemaVariant = { bookingBatch: true };

/** The export could not be made or imported (the database answered; see the message). */
export class SchemaExportError extends Error {}

export const schemaCacheDir = join(projectRoot, "node_modules", ".cache", "evently", "graphql-schema");
/** Exports kept in the cache (the newest), so switching branches or databases reuses them. */
const KEEP_EXPORTS = 8;

// Everything in the exposed schemas that PostGraphile reads to build GraphQL, without oids.
// Enum labels of every user schema, since exposed columns may use types from private ones.
const FINGERPRINT_SQL = `
with ns as (select oid, nspname from pg_namespace where nspname = any($1::text[])),
     rels as (select c.oid from pg_class c where c.relnamespace in (select oid from ns))
select md5(string_agg(x, E'\\n' order by x)) as fingerprint from (
  select format('schema %s %s %s', nspname, n.nspacl, obj_description(n.oid, 'pg_namespace')) as x
    from pg_namespace n where n.oid in (select oid from ns)
  union all
  select format('rel %s %s %s %s', c.oid::regclass, c.relkind, c.relacl, obj_description(c.oid, 'pg_class'))
    from pg_class c where c.oid in (select oid from rels)
  union all
  select format('col %s.%s %s %s %s %s %s %s %s', a.attrelid::regclass, a.attname, format_type(a.atttypid, a.atttypmod),
                a.attnotnull, a.atthasdef, a.attgenerated, a.attidentity, a.attacl, col_description(a.attrelid, a.attnum))
    from pg_attribute a where a.attrelid in (select oid from rels) and a.attnum > 0 and not a.attisdropped
  union all
  select format('con %s %s %s %s %s', co.conrelid::regclass, co.contypid::regtype, co.conname, pg_get_constraintdef(co.oid),
                obj_description(co.oid, 'pg_constraint'))
    from pg_constraint co where co.connamespace in (select oid from ns) or co.confrelid in (select oid from rels)
  union all
  select format('idx %s', pg_get_indexdef(i.indexrelid)) from pg_index i where i.indrelid in (select oid from rels)
  union all
  select format('fn %s %s %s %s', p.oid::regprocedure,
                case when p.prokind in ('f', 'p') then pg_get_functiondef(p.oid) else p.prokind::text end,
                obj_description(p.oid, 'pg_proc'), p.proacl)
    from pg_proc p where p.pronamespace in (select oid from ns)
  union all
  select format('type %s %s %s %s %s', t.oid::regtype, t.typtype, format_type(t.typbasetype, t.typtypmod), t.typnotnull,
                obj_description(t.oid, 'pg_type'))
    from pg_type t where t.typnamespace in (select oid from ns)
  union all
  select format('enum %s %s %s', e.enumtypid::regtype, e.enumsortorder, e.enumlabel)
    from pg_enum e join pg_type t on t.oid = e.enumtypid join pg_namespace n on n.oid = t.typnamespace
    where n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'
  union all
  -- PgRBACPlugin shapes the schema by what the introspecting role (the pool's login) may do.
  select format('role %s', case when r.rolsuper then 'superuser' else
           (select string_agg(m.rolname, ',' order by m.rolname) from pg_roles m where pg_has_role(current_user, m.oid, 'member')) end)
    from pg_roles r where r.rolname = current_user
  union all
  select 'postgresql ' || (current_setting('server_version_num')::int / 10000)::text
) parts`;

/** Hash of what shapes the schema on the code side: these files and the packages' versions. */
function codeFingerprint(): string {
  const hash = createHash("sha256");
  const graphqlDir = join(projectRoot, "src", "graphql");
  for (const file of readdirSync(graphqlDir).sort()) hash.update(file).update(readFileSync(join(graphqlDir, file)));
  hash.update(readFileSync(join(projectRoot, "src", "cli", "export-graphql-schema.ts")));
  for (const pkg of ["postgraphile", "graphile-build", "graphile-build-pg", "grafast", "@dataplan/pg", "graphile-export", "graphql", "pg-sql2"]) {
    const file = join(projectRoot, "node_modules", pkg, "package.json");
    hash.update(`${pkg}@${existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).version : "missing"}`);
  }
  return hash.digest("hex");
}

/** The cache key of the schema this database, this code and this variant produce. */
export async function schemaKey(pool: pg.Pool, variant: SchemaVariant = DEFAULT_SCHEMA_VARIANT): Promise<string> {
  const { rows } = await pool.query<{ fingerprint: string }>(FINGERPRINT_SQL, [GRAPHQL_SCHEMAS]);
  return createHash("sha256").update(rows[0].fingerprint).update(codeFingerprint())
    .update(`booking batch ${variant.bookingBatch}`).digest("hex").slice(0, 32);
}

/** The connection settings of a pool, for the export child (functions, e.g. a password callback, cannot go). */
function connectionSettings(pool: pg.Pool): Record<string, unknown> {
  return Object.fromEntries(Object.entries(pool.options).filter(([, v]) => v !== undefined && typeof v !== "function"));
}

/**
 * Runs src/cli/export-graphql-schema.ts, which writes `file` (atomically) from the database
 * behind `pool`. The connection settings go through its stdin, not its environment.
 */
function exportInChild(pool: pg.Pool, file: string, variant: SchemaVariant): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", join(projectRoot, "src", "cli", "preflight.mjs"), join(projectRoot, "src", "cli", "export-graphql-schema.ts"), file,
        ...(variant.bookingBatch ? [] : ["--no-booking-batch"])],
      { stdio: ["pipe", "pipe", "pipe"] },
    );
    child.stdin.on("error", () => {}); // a child that died early is reported by its exit below
    child.stdin.end(JSON.stringify(connectionSettings(pool)));
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", (error) => reject(new SchemaExportError(`GraphQL schema export could not start: ${error.message}`)));
    child.on("exit", (code, signal) => {
      if (code === 0 && existsSync(file)) resolve();
      else reject(new SchemaExportError(`GraphQL schema export failed (${signal ?? `exit ${code}`}):\n${output.slice(-4000)}`));
    });
  });
}

/**
 * Keeps the KEEP_EXPORTS most recently used exports, and removes what an export killed midway
 * left (older than ten minutes). Other processes may prune or export at the same time: a file
 * gone meanwhile is skipped, and nothing here fails a start.
 */
function pruneCache(cacheDir: string, keep: string): void {
  try {
    const now = Date.now();
    const files: Array<{ name: string; mtime: number }> = [];
    for (const name of readdirSync(cacheDir)) {
      const mtime = statSync(join(cacheDir, name), { throwIfNoEntry: false })?.mtimeMs;
      if (mtime === undefined) continue;
      if (name.endsWith(".tmp") && now - mtime > 10 * 60_000) rmSync(join(cacheDir, name), { force: true });
      if (name.endsWith(".mjs")) files.push({ name, mtime });
    }
    files.sort((a, b) => b.mtime - a.mtime);
    for (const { name } of files.slice(KEEP_EXPORTS)) if (name !== keep) rmSync(join(cacheDir, name), { force: true });
  } catch {
    // A cache that cannot be tidied still serves.
  }
}

/** How long a process waits for another's export of the same key before exporting itself. */
const EXPORT_WAIT_MS = 60_000;

/**
 * The exported schema module for the database behind `pool`: from the cache, or exported now
 * (a few seconds, once per schema change). Returns the module's path.
 *
 * Processes that start together after a schema change (a deploy's rolling restart, a fleet)
 * would each spend an export (several seconds of CPU and ~100 MB) on the same file. One takes
 * a transaction-level advisory lock named by the key and exports; the others poll, without
 * blocking a statement, until the file appears. The lock lives in a transaction, not a
 * session, so it also holds behind a transaction-pooling PgBouncer. A process whose cache is
 * on another host finds no file when the lock frees, and exports in its turn.
 */
export async function exportedSchemaFile(
  pool: pg.Pool, log?: (line: string) => void, cacheDir = schemaCacheDir, variant: SchemaVariant = DEFAULT_SCHEMA_VARIANT,
): Promise<string> {
  const key = await schemaKey(pool, variant);
  const file = join(cacheDir, `${key}.mjs`);
  if (existsSync(file)) {
    // Used now: pruning counts from the last use, not from the export.
    const now = new Date();
    try {
      utimesSync(file, now, now);
    } catch {
      // Read-only cache, or pruned by another process this instant: the import says which.
    }
    return file;
  }
  try {
    mkdirSync(cacheDir, { recursive: true });
  } catch (error) {
    throw new SchemaExportError(`GraphQL schema cache ${cacheDir}: ${(error as Error).message}`);
  }
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("begin");
    const waitUntil = Date.now() + EXPORT_WAIT_MS;
    let waited = false;
    for (;;) {
      const { rows: [lock] } = await client.query<{ got: boolean }>(
        "select pg_try_advisory_xact_lock(hashtextextended($1, 0)) as got", [`evently graphql schema export ${key}`]);
      if (existsSync(file)) {
        if (waited) log?.(`GraphQL schema exported by another process: ${file}`);
        return file;
      }
      if (lock.got || Date.now() >= waitUntil) break;
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const started = Date.now();
    await exportInChild(pool, file, variant);
    log?.(`GraphQL schema exported in ${((Date.now() - started) / 1000).toFixed(1)} s: ${file}`);
    pruneCache(cacheDir, `${key}.mjs`);
    return file;
  } catch (error) {
    if (!(error instanceof SchemaExportError)) broken = error as Error;
    throw error;
  } finally {
    // Ends the transaction and with it the lock; a connection that failed is not reused.
    await client.query("commit").catch((error: Error) => (broken ??= error));
    client.release(broken);
  }
}

/** Imports an exported schema module. */
export async function importSchema(file: string): Promise<GraphQLSchema> {
  try {
    const module = (await import(pathToFileURL(file).href)) as { schema: GraphQLSchema };
    return module.schema;
  } catch (error) {
    throw new SchemaExportError(`GraphQL schema ${file} could not be imported: ${(error as Error).message}`);
  }
}
