import pg from "pg";
import { log } from "../log.ts";

/** A pool whose idle-client errors (server restart, terminated backend) are logged, not fatal. */
export function makePool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on("error", (error) => log.warn({ err: error }, "idle database client failed"));
  return pool;
}
