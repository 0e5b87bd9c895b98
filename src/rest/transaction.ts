// The one way REST reaches PostgreSQL: as the request's role, exactly as GraphQL
// (pgSettings) and other services (set_config) do. PostgreSQL decides the rest.
// Round trips are what a request pays for while it holds a hot row's lock, so the
// settings always travel with the first statement (src/db/statement-group.ts).
import type pg from "pg";
import { pgSettingsFor, type Claims } from "../auth/tokens.ts";
import { preparedName, preparedStatementStale, queryGroup, type Statement } from "../db/statement-group.ts";
import { connectionBroken } from "../db/pool.ts";

/** The request's role, user and statement_timeout, local to its transaction. */
export function settingsStatement(claims: Claims | undefined, statementTimeout: string): Statement {
  const settings = pgSettingsFor(claims);
  return {
    name: "evently_request_settings",
    // statement_timeout: one slow request must not hold a connection and its locks for long.
    text: "select set_config('role', $1, true), set_config('jwt.claims.user_id', $2, true), set_config('statement_timeout', $3, true)",
    values: [settings.role, settings["jwt.claims.user_id"] ?? "", statementTimeout],
  };
}

/** The routes' statements are constant texts with their columns written out (src/rest/columns.ts). */
const prepared = (statement: Statement): Statement => ({ ...statement, name: statement.name ?? preparedName(statement.text) });

/**
 * One statement as the caller, in one round trip and one implicit transaction: the
 * settings and the call are sent together and commit together (or roll back together).
 */
export async function callAs<R extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  claims: Claims | undefined,
  statement: Statement,
  statementTimeout = "5s",
): Promise<R[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const results = await queryGroup(client, [settingsStatement(claims, statementTimeout), prepared(statement)]);
    return results[1].rows as R[];
  } catch (error) {
    // A database error leaves the connection clean (the implicit transaction ended at
    // Sync); a lost connection must not go back to the pool, nor one whose prepared
    // statement a migration made stale (it would fail this route on every later request).
    if (connectionBroken(error) || preparedStatementStale(error)) broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Statements in one transaction where a later one depends on an earlier one's result:
 * BEGIN, the settings and the first statement in one round trip, then the rest with
 * COMMIT in a second.
 */
export async function twoStepsAs<R extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  claims: Claims | undefined,
  first: Statement,
  then: (rows: pg.QueryResultRow[]) => Statement,
  statementTimeout = "5s",
): Promise<R[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const [, , firstResult] = await queryGroup(client, [{ text: "begin" }, settingsStatement(claims, statementTimeout), prepared(first)]);
    const [second] = await queryGroup(client, [prepared(then(firstResult.rows)), { text: "commit" }]);
    return second.rows as R[];
  } catch (error) {
    await client.query("rollback").catch((rollbackError: Error) => (broken = rollbackError));
    if (preparedStatementStale(error)) broken ??= error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
