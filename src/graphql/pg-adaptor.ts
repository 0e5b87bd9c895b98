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

/** As @dataplan/pg does: JIT optimisation costs more than it saves on short queries. */
async function configureJit(client: pg.PoolClient): Promise<void> {
  if (!jitConfigured.has(client)) {
    await client.query("set jit_optimize_above_cost = -1");
    jitConfigured.add(client);
  }
}

export function oneTripWithPgClient(pool: pg.Pool): WithPgClient {
  const withPgClient = async <T>(
    pgSettings: Record<string, string | undefined> | null,
    callback: (client: PgClient) => T | Promise<T>,
  ): Promise<T> => {
    const client = await pool.connect();
    const entries = settingsEntries(pgSettings);
    let broken: Error | undefined;
    try {
      await configureJit(client);
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

/** Reads of one coalesced group at most (two statements each: settings, read). */
const MAX_COALESCED = 32;

interface PendingRead {
  entries: Array<[string, string]>;
  /** The settings' names: reads are coalesced only with reads that set the same ones, so none inherits another's. */
  names: string;
  query: PgClientQuery;
  resolve(result: pg.QueryResult): void;
  reject(error: unknown): void;
}

function settingsEntries(pgSettings: Record<string, string | undefined> | null): Array<[string, string]> {
  return Object.entries(pgSettings ?? {}).filter((e): e is [string, string] => e[1] != null).map(([k, v]) => [k, String(v)] as [string, string]);
}

/**
 * A withPgClient for the reads of many requests at once: @dataplan/pg's queries that arrive
 * in the same turn of the event loop go out as one statement group, each read after its
 * own request's settings ([settings₁, read₁, settings₂, read₂, …]; set_config(…, true) holds
 * until the next one in the same implicit transaction, and SET ROLE is checked against the
 * session's login role), so every read runs as its own caller under row-level security.
 * The batched bookTickets payloads arrive like that: a batch answers all its requests at
 * once, and each reads its booking back. One round trip and one connection instead of one
 * each. Only for operations that do nothing but read through it (src/graphql/serve-preset.ts
 * decides); a transaction, a query not in @dataplan/pg's array mode or one without
 * settings goes through `single` as usual, and reads are grouped only with reads that set
 * the same settings (each then overrides all that the one before it set). When the group fails (one read's error aborts the rest), each read is
 * run again on its own, so it gets its own answer.
 */
export function coalescedReads(pool: pg.Pool, single: WithPgClient): WithPgClient {
  let pending: PendingRead[] = [];
  let scheduled = false;

  async function alone(read: PendingRead): Promise<void> {
    try {
      const result = await single(Object.fromEntries(read.entries), (client) => client.query(read.query));
      read.resolve(result as unknown as pg.QueryResult);
    } catch (error) {
      read.reject(error);
    }
  }

  async function run(reads: PendingRead[]): Promise<void> {
    if (reads.length === 1) return alone(reads[0]);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      for (const read of reads) read.reject(error);
      return;
    }
    let broken: Error | undefined;
    let results: pg.QueryResult[] | undefined;
    try {
      await configureJit(client);
      results = await queryGroup(client, reads.flatMap((r) => [settingsStatement(r.entries), asStatement(r.query)]), "array");
    } catch (error) {
      if (connectionBroken(error) || preparedStatementStale(error)) broken = error as Error;
    } finally {
      client.release(broken);
    }
    if (!results) {
      await Promise.all(reads.map(alone));
      return;
    }
    reads.forEach((read, i) => read.resolve(results[2 * i + 1]));
  }

  function flush(): void {
    scheduled = false;
    const byNames = new Map<string, PendingRead[]>();
    for (const read of pending) {
      const group = byNames.get(read.names);
      if (group) group.push(read);
      else byNames.set(read.names, [read]);
    }
    pending = [];
    for (const reads of byNames.values()) {
      for (let i = 0; i < reads.length; i += MAX_COALESCED) void run(reads.slice(i, i + MAX_COALESCED));
    }
  }

  const withPgClient = async <T>(
    pgSettings: Record<string, string | undefined> | null,
    callback: (client: PgClient) => T | Promise<T>,
  ): Promise<T> => {
    const entries = settingsEntries(pgSettings);
    const names = entries.map(([name]) => name).sort().join(",");
    const client: PgClient = {
      async query<R>(query: PgClientQuery) {
        if (!query.arrayMode || entries.length === 0) return single(pgSettings as Record<string, string>, (c) => c.query<R>(query));
        const r = await new Promise<pg.QueryResult>((resolve, reject) => {
          pending.push({ entries, names, query, resolve, reject });
          if (!scheduled) {
            scheduled = true;
            setImmediate(flush);
          }
        });
        return result<R>(r);
      },
      withTransaction: (transaction) => single(pgSettings as Record<string, string>, (c) => c.withTransaction(transaction)),
    };
    return callback(client);
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
