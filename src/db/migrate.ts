// The deploy: brings a database to the current schema in ONE transaction — pending
// committed graphile-migrate migrations, every file of functions/, then the drop of
// functions no file defines any more. A failing migration or function file rolls all of
// it back: the database stays exactly as it was. graphile-worker's own schema follows
// in its own transactions (it is a prerequisite of the jobs, not part of ours).
//
// graphile-migrate's CLI runs each migration in its own transaction and our functions in
// a separate process afterwards; this runs the same committed files (its parser, hash
// chain and placeholders) inside one transaction instead. `graphile-migrate watch` and
// `commit` stay the tools for writing migrations (docs/development.md).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSON5 from "json5";
import pg from "pg";
import { Logger, runMigrations } from "graphile-worker";
import { parseSettings, type ParsedSettings } from "graphile-migrate/dist/settings.js";
import {
  _migrateMigrationSchema,
  generatePlaceholderReplacement,
  getAllMigrations,
  type FileMigration,
} from "graphile-migrate/dist/migration.js";
import { calculateHash } from "graphile-migrate/dist/hash.js";
import { isNoTransactionDefined } from "graphile-migrate/dist/header.js";
import { projectRoot } from "../config.ts";
import { applyFunctionFiles, dropOrphanFunctions, functionsDir as defaultFunctionsDir } from "./functions.ts";

/** graphile-migrate's own lock key, so its CLI and this deploy never run at once. */
const MIGRATE_LOCK = "4727445306447283";
const quietWorkerLogger = new Logger(() => () => {});

export interface DeployOptions {
  /** Defaults to the project's migrations/ and functions/ (tests point them elsewhere). */
  migrationsFolder?: string;
  functionsDir?: string;
}

export interface DeployResult {
  /** Committed migrations applied by this deploy (file names). */
  migrations: string[];
  functionFiles: number;
  /** Signatures of the functions dropped because no file defines them any more. */
  dropped: string[];
}

async function settingsFor(connectionString: string, migrationsFolder: string): Promise<ParsedSettings> {
  const gmrc = JSON5.parse(readFileSync(join(projectRoot, ".gmrc"), "utf8"));
  return parseSettings({ ...gmrc, connectionString, migrationsFolder });
}

function databaseName(connectionString: string): string {
  return decodeURIComponent(new URL(connectionString).pathname.slice(1));
}

async function committedMigrations(settings: ParsedSettings): Promise<FileMigration[]> {
  const migrations = await getAllMigrations(settings);
  for (const m of migrations) {
    if (calculateHash(m.body, m.previousHash) !== m.hash && !m.allowInvalidHash) {
      throw new Error(`migrations/committed/${m.realFilename}: its Hash header does not match its body (edited after commit?)`);
    }
  }
  return migrations;
}

export async function migrateDatabase(connectionString: string, options: DeployOptions = {}): Promise<DeployResult> {
  const settings = await settingsFor(connectionString, options.migrationsFolder ?? join(projectRoot, "migrations"));
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // Instances started at the same moment queue here and find nothing left to do,
    // instead of failing as graphile-migrate's try-lock does ("Failed to get exclusive lock").
    await client.query("select pg_advisory_lock($1)", [MIGRATE_LOCK]);
    const result = await deployInTransaction(client, settings, connectionString, options.functionsDir ?? defaultFunctionsDir);
    await runMigrations({ connectionString, logger: quietWorkerLogger });
    return result;
  } finally {
    await client.end();
  }
}

async function deployInTransaction(
  client: pg.Client,
  settings: ParsedSettings,
  connectionString: string,
  functionsDir: string,
): Promise<DeployResult> {
  await client.query("begin");
  try {
    await _migrateMigrationSchema(client as pg.Client & pg.PoolClient, settings);
    const { rows } = await client.query<{ filename: string }>(
      "select filename from graphile_migrate.migrations order by filename desc limit 1",
    );
    const last = rows[0]?.filename;
    const pending = (await committedMigrations(settings)).filter((m) => !last || m.filename > last);
    const placeholders = generatePlaceholderReplacement(settings, { database: databaseName(connectionString) });
    for (const migration of pending) {
      const sql = placeholders(migration.body);
      if (isNoTransactionDefined(sql)) {
        throw new Error(`migrations/committed/${migration.realFilename}: --! no-transaction cannot run inside the deploy's transaction`);
      }
      try {
        await client.query(sql);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`migrations/committed/${migration.realFilename}: ${message}`, { cause: error });
      }
      await client.query("insert into graphile_migrate.migrations (hash, previous_hash, filename) values ($1, $2, $3)", [
        migration.hash,
        migration.previousHash,
        migration.filename,
      ]);
    }
    const functionFiles = await applyFunctionFiles(client, functionsDir);
    const dropped = await dropOrphanFunctions(client);
    await client.query("commit");
    return { migrations: pending.map((m) => m.realFilename), functionFiles, dropped };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

/** Committed migrations this database has not applied (all of them when it has none). */
export async function pendingMigrations(connectionString: string): Promise<string[]> {
  const settings = await settingsFor(connectionString, join(projectRoot, "migrations"));
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows: [{ exists }] } = await client.query("select to_regclass('graphile_migrate.migrations') is not null as exists");
    const applied = new Set<string>();
    if (exists) {
      for (const row of (await client.query<{ hash: string }>("select hash from graphile_migrate.migrations")).rows) applied.add(row.hash);
    }
    return (await committedMigrations(settings)).filter((m) => !applied.has(m.hash)).map((m) => m.realFilename);
  } finally {
    await client.end();
  }
}

/**
 * What `npm start` and `npm run worker` do at boot. In production they run no DDL: the
 * release step `npm run migrate` deploys, and a process refuses to start on a database
 * that lacks one of its migrations. Elsewhere they deploy (instances wait for each other).
 */
export async function prepareDatabase(connectionString: string, production: boolean): Promise<void> {
  if (!production) {
    await migrateDatabase(connectionString);
    return;
  }
  const missing = await pendingMigrations(connectionString);
  if (missing.length > 0) {
    throw new Error(
      `The database lacks migration(s) ${missing.join(", ")}: run \`npm run migrate\` first (with NODE_ENV=production, npm start and npm run worker do not change the schema).`,
    );
  }
}
