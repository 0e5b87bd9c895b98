// Several statements in one round trip: Parse/Bind/Describe/Execute for each, then one
// Sync. Without an explicit BEGIN they run as one implicit transaction that commits at the
// Sync, so `set_config(..., true)` (role, claims, statement_timeout) and the call that
// needs them travel together, and a lock the call takes is released the moment it ends,
// not one more round trip later (PostgreSQL protocol docs, "Pipelining" and "Extended
// Query": an implicit transaction block spans the messages up to the next Sync). An error
// skips the rest of the group; without BEGIN the whole group is rolled back at the Sync.
//
// Built on pg's own Query (its row parsing and multi-result handling) as a submittable:
// pg runs it like any query on a checked-out client.
import pg from "pg";
import { config } from "../config.ts";
// pg's Query class and value serializer, not part of its typed API.
import Query from "pg/lib/query";
import utils from "pg/lib/utils";

export interface Statement {
  text: string;
  values?: unknown[];
  /**
   * A prepared statement name: parsed once per connection and reused. Only for constant
   * texts; a name seen with a different text is an error.
   */
  name?: string;
}

/** Named statements kept per connection at most; beyond this, statements are parsed each time. */
const MAX_NAMED = 200;

/** Texts `preparedName` names, per process at most (a text built per request must not grow it forever). */
const MAX_TEXTS = 500;
const names = new Map<string, string>();

/**
 * A prepared-statement name for a text the server answers often (the REST routes', the
 * booking batch's): parsed and planned once per connection instead of on every request,
 * 0.1-0.2 ms of PostgreSQL's CPU per REST booking (bench/results/2026-12-03-stop-26.md).
 * Only for texts whose result columns are written out: a `*` over a table that a migration
 * widens fails a prepared statement, as a column whose type it changes does
 * (preparedStatementStale). One name per text in this process; undefined once MAX_TEXTS
 * texts have names (the text is then parsed each time).
 */
export function preparedName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_TEXTS) {
    name = `evently_s${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A prepared statement whose result columns changed under it (a migration altered a column
 * it selects): PostgreSQL refuses it on that connection every time ("cached plan must not
 * change result type"), so the caller should not give the connection back to its pool.
 */
export function preparedStatementStale(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === "0A000" && /cached plan must not change result type/.test(e.message ?? "");
}

interface PgConnection {
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(m: { text: string; name?: string; types?: unknown[] }): void;
  bind(m: { statement?: string; values?: unknown[]; valueMapper?: unknown; portal?: string }): void;
  describe(m: { type: "P"; name: string }): void;
  execute(m: { portal: string; rows: number }): void;
  sync(): void;
  on(event: "parseComplete", listener: () => void): void;
  removeListener(event: "parseComplete", listener: () => void): void;
}

type Callback = (error: Error | null, results?: pg.QueryResult | pg.QueryResult[]) => void;

class StatementGroupQuery extends (Query as unknown as new (config: { text: string; rowMode?: string }) => {
  callback?: Callback;
  _results: pg.QueryResult | pg.QueryResult[];
  handleReadyForQuery(connection: PgConnection): void;
  handleError(error: Error, connection: PgConnection): void;
}) {
  private readonly statements: Statement[];
  private parsing: string[] = [];
  private connection?: PgConnection;
  private readonly onParseComplete = () => {
    const name = this.parsing.shift();
    if (name && this.connection) this.connection.parsedStatements[name] = this.statements.find((s) => s.name === name)!.text;
  };

  constructor(statements: Statement[], rowMode?: "array") {
    super({ text: statements.map((s) => s.text).join(";\n"), rowMode });
    this.statements = statements;
  }

  requiresPreparation(): boolean {
    return true;
  }

  submit(connection: PgConnection): Error | null {
    this.connection = connection;
    connection.on("parseComplete", this.onParseComplete);
    connection.stream.cork?.();
    // Named statements parsed earlier in this group (one may repeat: every read of a
    // coalesced group has its settings statement): parsed once, bound each time.
    const parsedHere = new Map<string, string>();
    try {
      for (const statement of this.statements) {
        let name = statement.name;
        const known = name ? (connection.parsedStatements[name] ?? parsedHere.get(name)) : undefined;
        if (name && known !== undefined && known !== statement.text) return new Error(`prepared statement ${name} has another text`);
        if (name && known === undefined && Object.keys(connection.parsedStatements).length >= MAX_NAMED) name = undefined;
        // Every ParseComplete is counted in order; unnamed ones are placeholders.
        if (known === undefined) {
          connection.parse({ text: statement.text, name: name ?? "", types: [] });
          this.parsing.push(name ?? "");
          if (name) parsedHere.set(name, statement.text);
        }
        connection.bind({ statement: name ?? "", values: statement.values ?? [], valueMapper: utils.prepareValue });
        connection.describe({ type: "P", name: "" });
        connection.execute({ portal: "", rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  private done(): void {
    this.connection?.removeListener("parseComplete", this.onParseComplete);
  }

  handleReadyForQuery(connection: PgConnection): void {
    this.done();
    super.handleReadyForQuery(connection);
  }

  handleError(error: Error, connection: PgConnection): void {
    this.done();
    super.handleError(error, connection);
  }
}

/**
 * Runs the statements in one round trip and returns one result per statement. On an
 * error nothing after the failing statement ran, and unless the group began a
 * transaction explicitly, nothing of the group is kept.
 */
export function queryGroup(client: pg.ClientBase, statements: Statement[], rowMode?: "array"): Promise<pg.QueryResult[]> {
  return new Promise((resolve, reject) => {
    // Behind a transaction-mode pooler (PgBouncer ≤ 1.20) consecutive transactions may run on
    // different server connections, where a statement parsed on another one does not exist.
    const sendable = config.authDatabasePooler === "transaction" ? statements.map(({ name: _, ...rest }) => rest) : statements;
    const query = new StatementGroupQuery(sendable, rowMode);
    query.callback = (error, results) => {
      if (error) return reject(error);
      const list = Array.isArray(results) ? results : [results!];
      resolve(list);
    };
    void client.query(query as unknown as pg.QueryConfig);
  });
}
