// Test helpers in the graphile/starter style: every test file gets its own database
// cloned from the migrated template (see test/run.ts); SQL runs inside a transaction
// acting as a role with set_config('role', ...) and set_config('jwt.claims.user_id', ...).
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import type { Test } from "tap";
import { databaseUrl } from "./db-url.ts";
import { withCredentials } from "../src/db/authenticator.ts";

export interface TestDb {
  name: string;
  /** Owner (superuser) connection string. */
  url: string;
  /** evently_authenticator's connection string (what the HTTP server uses). */
  authUrl: string;
  /** Owner pool, for setup and invariant checks. */
  pool: pg.Pool;
  /** Opens another pool on this database (closed automatically). */
  newPool(max: number, url?: string): pg.Pool;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests with \`npm test\` (test/run.ts starts the database)`);
  return value;
}

/** A database cloned from the migrated template; `{ empty: true }`: a new, never migrated one. */
export async function createTestDb(t: Test, poolSize = 10, opts: { empty?: boolean } = {}): Promise<TestDb> {
  const adminUrl = env("EVENTLY_TEST_ADMIN_URL");
  const name = `evently_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${opts.empty ? "template0" : env("EVENTLY_TEST_TEMPLATE")}`);
  await admin.end();
  // Under EVENTLY_TEST_PGBOUNCER=1 (test/run.ts) the test's own connections go through PgBouncer.
  const url = databaseUrl(process.env.EVENTLY_TEST_POOLER_URL ?? adminUrl, name);
  const authUrl = withCredentials(url, "evently_authenticator", env("EVENTLY_TEST_AUTH_PASSWORD"));
  const pools: pg.Pool[] = [];
  const newPool = (max: number, poolUrl = url) => {
    const p = new pg.Pool({ connectionString: poolUrl, max });
    // Idle clients killed by a test (terminate, restart) must not crash it; graphile-worker
    // also wants the per-client handler ("Your pool doesn't have all of the error handlers").
    p.on("error", () => {});
    p.on("connect", (client) => client.on("error", () => {}));
    pools.push(p);
    return p;
  };
  const pool = newPool(poolSize);
  t.teardown(async () => {
    await Promise.all(pools.map((p) => p.end()));
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  return { name, url, authUrl, pool, newPool };
}

export type Role = "evently_anonymous" | "evently_user" | "evently_admin";

/**
 * Runs fn in a transaction acting as userId (null = anonymous). Commits on success
 * (so other connections see the result), rolls back on error and rethrows.
 */
export async function asUser<T>(
  pool: pg.Pool,
  userId: string | null,
  fn: (client: pg.PoolClient) => Promise<T>,
  role: Role = userId ? "evently_user" : "evently_anonymous",
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('role', $1, true), set_config('jwt.claims.user_id', $2, true)", [
      role,
      userId ?? "",
    ]);
    const result = await fn(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** One SQL statement as userId; returns the rows. */
export async function sqlAs<R extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  userId: string | null,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  return asUser(pool, userId, async (client) => (await client.query<R>(text, values)).rows);
}

/** Creates a user row directly (no bcrypt, for speed); register() has its own tests. */
export async function createUser(db: TestDb, opts: { admin?: boolean; email?: string } = {}): Promise<string> {
  const email = opts.email ?? `user-${randomUUID()}@example.com`;
  const { rows } = await db.pool.query(
    "insert into evently.users (email, name, role) values ($1, $2, $3) returning id",
    [email, email.split("@")[0], opts.admin ? "admin" : "user"],
  );
  return rows[0].id;
}

/** Bulk users for concurrency tests. */
export async function createUsers(db: TestDb, count: number): Promise<string[]> {
  const { rows } = await db.pool.query(
    `insert into evently.users (email, name)
     select 'bulk-' || gen_random_uuid() || '@example.com', 'Bulk ' || i from generate_series(1, $1) i
     returning id`,
    [count],
  );
  return rows.map((r) => r.id);
}

export interface EventOptions {
  capacity?: number;
  startsIn?: string;
  maxPerUser?: number;
  holdTtl?: string;
  priceCents?: number;
  venueId?: string | null;
}

/** Creates an event through evently.create_event as the given admin. */
export async function createEvent(db: TestDb, adminId: string, opts: EventOptions = {}): Promise<string> {
  const rows = await sqlAs(
    db.pool,
    adminId,
    `select id from evently.create_event(name => $1, starts_at => now() + $2::interval, capacity => $3,
       max_tickets_per_user => $4, hold_ttl => $5::interval, price_cents => $6, venue_id => $7)`,
    [
      `Event ${randomUUID().slice(0, 8)}`,
      opts.startsIn ?? "30 days",
      opts.capacity ?? 100,
      opts.maxPerUser ?? 10,
      opts.holdTtl ?? "5 minutes",
      opts.priceCents ?? 0,
      opts.venueId ?? null,
    ],
  );
  return rows[0].id;
}

/** The SQLSTATE of a rejected promise, or undefined if it resolved (so t.equal(await sqlState(p), "EVxxx") fails then). */
export async function sqlState(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return typeof error === "object" && error !== null && "code" in error ? String(error.code) : String(error);
  }
}

/**
 * Every violated invariant of every event (empty array = consistent): the one oracle,
 * evently_private.invariant_violations, also used by reconciliation and the benchmark.
 */
export async function counterMismatches(db: TestDb, eventIds: string[] | null = null): Promise<unknown[]> {
  const { rows } = await db.pool.query("select * from evently_private.invariant_violations($1)", [eventIds]);
  return rows;
}

/** Moves a hold's expiry into the past (the only way to test expiry without waiting). */
export async function expireHoldNow(db: TestDb, holdId: string): Promise<void> {
  await db.pool.query("update evently.holds set expires_at = now() - interval '1 second' where id = $1", [holdId]);
}

/**
 * The channels of the notifications a new connection hears on `channel` from now on, in
 * order (the array grows as they arrive); the connection ends with the test.
 */
export async function listen(t: Test, db: TestDb, channel: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const heard: string[] = [];
  client.on("notification", (n) => heard.push(n.channel));
  await client.query(`listen "${channel}"`);
  t.teardown(() => client.end());
  return heard;
}

/**
 * Queues the expire_hold jobs of the holds made so far, as the relay does within its idle
 * interval (evently_private.relay_hold_expiries); returns how many holds it took.
 */
export async function relayHoldExpiries(db: TestDb): Promise<number> {
  return (await db.pool.query("select evently_private.relay_hold_expiries(100000) as n")).rows[0].n;
}

export interface SqlError {
  code?: string;
  message: string;
  detail?: string;
}

/** The error of a rejected promise with its SQLSTATE and DETAIL (undefined if it resolved). */
export async function sqlError(promise: Promise<unknown>): Promise<SqlError | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown; detail?: unknown };
    return {
      code: e?.code === undefined ? undefined : String(e.code),
      message: String(e?.message ?? error),
      detail: e?.detail === undefined ? undefined : String(e.detail),
    };
  }
}

/** What PostgreSQL counted for some tables while a call ran (tableReads). */
export interface TableReads<T> {
  value: T;
  /** Rows read from the table, "schema.table" (sequential scans' rows plus rows fetched through indexes). */
  rowsRead(table: string): number;
  /** Scans of the table, sequential and index. */
  scans(table: string): number;
}

/**
 * Runs `fn` on `client`, which must be inside a transaction, and returns what PostgreSQL
 * counted for `tables` meanwhile (pg_stat_xact_user_tables). Counted before and after:
 * the view also holds the connection's counts of earlier transactions that PostgreSQL (15 and
 * later) has not reported yet.
 */
export async function tableReads<T>(client: pg.ClientBase, tables: string[], fn: () => Promise<T>): Promise<TableReads<T>> {
  const counts = async () => new Map((await client.query<{ name: string; rows: string; scans: string }>(
    `select schemaname || '.' || relname as name, seq_tup_read + coalesce(idx_tup_fetch, 0) as rows,
            seq_scan + coalesce(idx_scan, 0) as scans
       from pg_stat_xact_user_tables where schemaname || '.' || relname = any ($1)`, [tables])).rows.map((r) => [r.name, r]));
  const before = await counts();
  const value = await fn();
  const after = await counts();
  const delta = (table: string, key: "rows" | "scans") => Number(after.get(table)?.[key] ?? 0) - Number(before.get(table)?.[key] ?? 0);
  return { value, rowsRead: (table) => delta(table, "rows"), scans: (table) => delta(table, "scans") };
}
