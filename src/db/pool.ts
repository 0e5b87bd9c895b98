import pg from "pg";
import { log } from "../log.ts";

/** A pool whose idle-client errors (server restart, terminated backend) are logged, not fatal. */
export function makePool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", (error: Error & { code?: string }) =>
    log.warn({ code: error.code, message: error.message }, "idle database client failed"),
  );
  // Errors on a checked-out client (e.g. the server restarting mid-query) reach the query
  // that is running; this only keeps the process from crashing on an unhandled 'error'.
  pool.on("connect", (client) =>
    client.on("error", (error: Error & { code?: string }) =>
      log.warn({ code: error.code, message: error.message }, "database client failed"),
    ),
  );
  return pool;
}
