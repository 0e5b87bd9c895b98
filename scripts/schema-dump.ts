// docs/schema.sql: `pg_dump --schema-only` of a freshly deployed database, so every change
// to the database shows up in one reviewable diff (as graphile/starter keeps data/schema.sql).
// One deterministic way: PostgreSQL 15's pg_dump against a PostgreSQL 15 server (Debian's,
// on this machine kind; pg_dump cannot dump a newer server, and the embedded 18 ships no
// pg_dump). Lines that name versions or carry per-run random keys are removed.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import pg from "pg";
import { migrateDatabase } from "../src/db/migrate.ts";

const run = promisify(execFile);
export const DUMP_MAJOR = 15;

export interface DumpSetup {
  pgDump: string;
  /** A superuser connection to a PostgreSQL 15 server (any database). */
  serverUrl: string;
}

/** Where to dump, or why it cannot be done on this machine. */
export async function dumpSetup(): Promise<DumpSetup | { missing: string }> {
  const pgDump = process.env.PG_DUMP ?? `/usr/lib/postgresql/${DUMP_MAJOR}/bin/pg_dump`;
  if (!existsSync(pgDump)) return { missing: `${pgDump} not found (Debian: apt-get install postgresql-client-${DUMP_MAJOR}; or set PG_DUMP)` };
  const serverUrl = process.env.SCHEMA_DUMP_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query("select current_setting('server_version_num')::int / 10000 as major");
    if (rows[0].major !== DUMP_MAJOR) return { missing: `${serverUrl} is PostgreSQL ${rows[0].major}, the dump is taken on ${DUMP_MAJOR}` };
  } catch (error) {
    return { missing: `no PostgreSQL ${DUMP_MAJOR} at ${serverUrl.replace(/:[^:@/]*@/, ":***@")} (${(error as Error).message}; set SCHEMA_DUMP_DATABASE_URL)` };
  } finally {
    await client.end().catch(() => {});
  }
  return { pgDump, serverUrl };
}

export function normaliseDump(dump: string): string {
  return dump
    .split("\n")
    .filter((line) => !/^-- Dumped (from database|by pg_dump) version /.test(line) && !/^\\(un)?restrict /.test(line))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n");
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Deploys the project into a new database on the setup's server and returns its normalised dump. */
export async function dumpSchema(setup: DumpSetup): Promise<string> {
  return (await dumpSchemaAnd(setup, async () => undefined)).dump;
}

/**
 * The same, and whatever `read` makes of that freshly deployed database (the catalog docs:
 * scripts/catalog-docs.ts), from one deploy.
 */
export async function dumpSchemaAnd<T>({ pgDump, serverUrl }: DumpSetup, read: (client: pg.Client) => Promise<T>): Promise<{ dump: string; read: T }> {
  const name = `evently_schema_dump_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const url = withDatabase(serverUrl, name);
    await migrateDatabase(url);
    const { stdout } = await run(
      pgDump,
      ["--schema-only", "--no-owner", "--exclude-schema=graphile_worker", "--exclude-schema=graphile_migrate", "--dbname", url],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return { dump: normaliseDump(stdout), read: await read(client) };
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}
