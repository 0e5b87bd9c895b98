// The one way REST reaches PostgreSQL: a transaction acting as the request's role, exactly
// as GraphQL (pgSettings) and other services (set_config) do. PostgreSQL decides the rest.
import type pg from "pg";
import { pgSettingsFor, type Claims } from "../auth/tokens.ts";

export async function asRequestRole<T>(
  pool: pg.Pool,
  claims: Claims | undefined,
  fn: (client: pg.PoolClient) => Promise<T>,
  statementTimeout = "5s",
): Promise<T> {
  const settings = pgSettingsFor(claims);
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query(
      // statement_timeout: one slow request must not hold a connection and its locks for long.
      "select set_config('role', $1, true), set_config('jwt.claims.user_id', $2, true), set_config('statement_timeout', $3, true)",
      [settings.role, settings["jwt.claims.user_id"] ?? "", statementTimeout],
    );
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
