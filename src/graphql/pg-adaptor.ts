// PostGraphile's database access with one round trip per query. @dataplan/pg's own pg
// adaptor sends BEGIN, the pgSettings (role, claims, statement_timeout), the query and
// COMMIT as four round trips; a booking holds the hot event row across the last two.
// Here the settings and the query go out as one statement group (src/db/statement-group.ts):
// one implicit transaction, committed by the server as the query ends. A callback that
// asks for a transaction (cursors, several statements) still gets BEGIN … COMMIT, with the
// settings sent together with BEGIN.
import pg from "pg";
import type { PgClient, PgClientQuery, PgClientResult, WithPgClient } from "postgraphile/@dataplan/pg";
import { makePgService, PgSubscriber } from "postgraphile/adaptors/pg";
import { preparedStatementStale, queryGroup, type Statement } from "../db/statement-group.ts";
import { connectionBroken } from "../db/pool.ts";

const SETTINGS = "select set_config(el->>0, el->>1, true) from json_array_elements($1::json) el";

function settingsStatement(entries: Array<[string, string]>): Statement {
  return { name: "evently_graphql_settings", text: SETTINGS, values: [JSON.stringify(entries)] };
}

function asStatement(opts: PgClientQuery): Statement {
  return { text: opts.text, values: opts.values, name: opts.name };
}

function result<T>(r: pg.QueryResult): PgClientResult<T> {
  return { rows: r.rows as T[], rowCount: r.rowCount ?? null, notices: [] } as unknown as PgClientResult<T>;
}

function inTransaction(client: pg.PoolClient, onError: (error: unknown) => void): PgClient {
  let savepoints = 0;
  const self: PgClient = {
    async query<T>(opts: PgClientQuery) {
      try {
        const [r] = await queryGroup(client, [asStatement(opts)], opts.arrayMode ? "array" : undefined);
        return result<T>(r);
      } catch (error) {
        onError(error);
        throw error;
      }
    },
    async withTransaction<T>(callback: (c: PgClient) => Promise<T>): Promise<T> {
      const name = `tx${++savepoints}`;
      await client.query(`savepoint ${name}`);
      try {
        const value = await callback(self);
        await client.query(`release savepoint ${name}`);
        return value;
      } catch (error) {
        await client.query(`rollback to savepoint ${name}`);
        throw error;
      }
    },
  };
  return self;
}

function oneTripClient(client: pg.PoolClient, entries: Array<[string, string]>, onError: (error: unknown) => void): PgClient {
  return {
    async query<T>(opts: PgClientQuery) {
      const rowMode = opts.arrayMode ? "array" : undefined;
      try {
        if (entries.length === 0) return result<T>((await queryGroup(client, [asStatement(opts)], rowMode))[0]);
        const [, r] = await queryGroup(client, [settingsStatement(entries), asStatement(opts)], rowMode);
        return result<T>(r);
      } catch (error) {
        // @dataplan/pg may turn a failed query into an error value: seen here, not by the caller.
        onError(error);
        throw error;
      }
    },
    async withTransaction<T>(callback: (c: PgClient) => Promise<T>): Promise<T> {
      await queryGroup(client, entries.length ? [{ text: "begin" }, settingsStatement(entries)] : [{ text: "begin" }]);
      try {
        const value = await callback(inTransaction(client, onError));
        await client.query("commit");
        return value;
      } catch (error) {
        // On a lost connection the rollback fails too; the first error is the one to report.
        await client.query("rollback").catch(() => {});
        throw error;
      }
    },
  };
}

const jitConfigured = new WeakSet<pg.PoolClient>();

export function oneTripWithPgClient(pool: pg.Pool): WithPgClient {
  const withPgClient = async <T>(
    pgSettings: Record<string, string | undefined> | null,
    callback: (client: PgClient) => T | Promise<T>,
  ): Promise<T> => {
    const client = await pool.connect();
    const entries = Object.entries(pgSettings ?? {}).filter((e): e is [string, string] => e[1] != null).map(([k, v]) => [k, String(v)] as [string, string]);
    let broken: Error | undefined;
    try {
      // As @dataplan/pg does: JIT optimisation costs more than it saves on short queries.
      if (!jitConfigured.has(client)) {
        await client.query("set jit_optimize_above_cost = -1");
        jitConfigured.add(client);
      }
      // A prepared statement a migration made stale fails on this connection every time.
      return await callback(oneTripClient(client, entries, (error) => {
        if (preparedStatementStale(error)) broken = error as Error;
      }));
    } catch (error) {
      // A database error leaves the connection clean; a lost connection must not be reused.
      if (connectionBroken(error)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  };
  return withPgClient as WithPgClient;
}

/** makePgService with the one-round-trip withPgClient (LISTEN/NOTIFY and the rest unchanged). */
export function makeOneTripPgService(options: { pool: pg.Pool; schemas: string[] }): GraphileConfig.PgServiceConfiguration {
  // Subscriptions (eventChanged) LISTEN on one long-lived connection of their own, opened on
  // the first subscription: never one of the request pool's, which it would hold forever.
  const listenPool = new pg.Pool({ ...options.pool.options, max: 1, idleTimeoutMillis: 0 });
  listenPool.on("error", () => {}); // a lost LISTEN connection ends the subscriptions; clients re-subscribe
  const pgSubscriber = new PgSubscriber(listenPool);
  const service = makePgService({ ...options, pgSubscriber });
  const release = service.release;
  service.release = async () => {
    await release?.();
    pgSubscriber.release();
    await listenPool.end().catch(() => {});
  };
  const adaptor = service.adaptor;
  service.adaptor = {
    ...adaptor,
    createWithPgClient: (settings, variant) =>
      variant === "SUPERUSER" ? adaptor.createWithPgClient(settings, variant) : oneTripWithPgClient(options.pool),
  } as typeof adaptor;
  return service;
}
