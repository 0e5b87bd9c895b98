// The benchmark's own database: a fresh one on an embedded PostgreSQL in a temp folder
// (default) or on the server at --database-url/DATABASE_URL, migrated like production,
// plus the bench schema (comparison strategies), which never exists anywhere else.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbedded } from "../src/db/embedded.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { applyFunctionFiles, dropOrphanFunctions } from "../src/db/functions.ts";
import { withCredentials } from "../src/db/authenticator.ts";
import { freePort } from "../test/support.ts";

export interface BenchDatabase {
  /** Owner (superuser) URL of the bench database. */
  url: string;
  /** The same login on the server's default database (to make scratch databases beside the bench's). */
  adminUrl: string;
  /** evently_authenticator's URL (what app instances use for API requests). */
  authUrl: string;
  embedded: boolean;
  /** The bench database's name (its backends are the bench's on a shared server). */
  name: string;
  /** Owner pool for setup and invariant checks. */
  pool: pg.Pool;
  close(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The server at serverUrl, or a throwaway embedded one in a temp folder (stop() removes it). */
export async function benchServer(serverUrl: string | undefined): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (serverUrl) return { adminUrl: serverUrl, stop: async () => {} };
  const dataDir = mkdtempSync(join(tmpdir(), "evently-bench-pg-"));
  const server = await startEmbedded({ dataDir, port: await freePort(), persistent: false });
  return {
    adminUrl: server.adminUrl,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A new, migrated database `name` on the server (one left by an earlier run is dropped first); drop() removes it. */
export async function freshDatabase(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
  await adminQuery(adminUrl, `create database ${name}`);
  const url = withDatabase(adminUrl, name);
  await migrateDatabase(url);
  return { url, drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`).catch(() => {}) };
}

export async function openBenchDatabase(
  serverUrl: string | undefined,
  users: number,
  history = HISTORY_BOOKINGS,
): Promise<BenchDatabase> {
  const server = await benchServer(serverUrl);
  const adminUrl = server.adminUrl;
  const name = `evently_bench_${process.pid}`;
  const database = await freshDatabase(adminUrl, name);
  const url = database.url;

  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => {});
  await pool.query(readFileSync(join(import.meta.dirname, "schema.sql"), "utf8"));
  // Roles are cluster-wide: on a shared server this changes the password other
  // users of evently_authenticator use (the embedded default is private).
  const authPassword = randomBytes(12).toString("base64url");
  await pool.query(`alter role evently_authenticator with login password ${pg.escapeLiteral(authPassword)}`);
  await pool.query(
    `insert into evently.users (id, email, name)
     select ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, 'bench-' || i || '@example.com', 'Bench ' || i
       from generate_series(1, $1) i`,
    [users],
  );
  if (history > 0) await seedHistory(pool, Math.min(users, history));
  // Vacuumed as well as analyzed: otherwise autovacuum visits the history during the
  // first run and its CPU is counted as that run's PostgreSQL CPU.
  await pool.query("vacuum analyze");
  return {
    url,
    adminUrl,
    authUrl: withCredentials(url, "evently_authenticator", authPassword),
    embedded: !serverUrl,
    name,
    pool,
    async close() {
      await pool.end();
      await database.drop();
      await server.stop();
    },
  };
}

/** Bookings an earlier, sold event left behind (see seedHistory). */
const HISTORY_BOOKINGS = 5_000;
/** The earlier event's id: run 0, which no measured run uses. */
const HISTORY_EVENT = "00000000-0000-4000-9000-000000000000";

/**
 * A database that has sold before: one earlier event with a booking by each of the first
 * `count` bench users, made by evently.book_tickets itself (so every counter equals its rows)
 * with an idempotency key each, as every interface sends one, their notifications marked sent
 * (no relay work during a run). Without it the analyze below (the users' statistics) records
 * bookings, holds, tickets and idempotency keys as empty, and PostgreSQL trusts that: the
 * plans each connection caches (PL/pgSQL's, and its foreign-key checks') scan those tables
 * sequentially, reading more rows with every booking (the fast path's key lookup read 4,756
 * rows per booking on average in a 10 s run), until autovacuum's next analyze, which a run of
 * seconds never reaches. Neither a new deployment (tables never analyzed: the planner assumes
 * a few pages, and uses the indexes) nor one that has sold before plans that way.
 */
async function seedHistory(pool: pg.Pool, count: number): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(
      `insert into evently.events (id, name, starts_at, capacity, max_tickets_per_user)
       values ($1, 'Bench history', now() + interval '30 days', $2, 1)`,
      [HISTORY_EVENT, count],
    );
    // A loop, so each booking's user is set before its call (a select list's order is not).
    await client.query(`do $$
      declare v_user uuid;
      begin
        for v_user in select id from evently.users order by id limit ${Number(count)} loop
          perform set_config('jwt.claims.user_id', v_user::text, true);
          perform evently.book_tickets('${HISTORY_EVENT}', 1, 'history-' || v_user);
        end loop;
      end $$`);
    await client.query("update evently.notifications set status = 'sent' where event_id = $1", [HISTORY_EVENT]);
  });
}

/** functions/ as it is now, over whatever a profile's variant replaced (and without what it added). */
export async function reapplyFunctions(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await applyFunctionFiles(client);
    await dropOrphanFunctions(client);
  });
}

async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await work(client);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw error;
  } finally {
    client.release();
  }
}

/** Polls sql (one row with a boolean `done`) every everyMs until it is true, or maxMs has passed. */
export async function until(pool: pg.Pool, sql: string, values: unknown[], opts: { everyMs: number; maxMs?: number }): Promise<void> {
  const deadline = Date.now() + (opts.maxMs ?? Infinity);
  while (Date.now() < deadline) {
    const { rows: [row] } = await pool.query(sql, values);
    if (row.done) return;
    await new Promise((r) => setTimeout(r, opts.everyMs));
  }
}

/** Until the worker has delivered every notification of the event (none pending). */
export function eventNotificationsDelivered(pool: pg.Pool, event: string, opts: { everyMs: number; maxMs?: number }): Promise<void> {
  return until(pool, "select count(*) = 0 as done from evently.notifications where status = 'pending' and event_id = $1", [event], opts);
}
