import pg from "pg";
import { log } from "../log.ts";

/**
 * Logs a connection failure once per outage: the first at warn, the rest at debug until
 * the pool has been quiet for QUIET_MS (a terminated backend every 100 ms would otherwise
 * write two lines per connection each time).
 */
const QUIET_MS = 10_000;
const IDLE_SESSION_TIMEOUT = "57P05";
function outageLogger(what: string) {
  let lastAt = 0;
  let suppressed = 0;
  return (error: Error & { code?: string }) => {
    // The server's idle_session_timeout ending a session the pool kept (min): its choice,
    // not an outage. The pool drops the client; the next request opens another.
    if (error.code === IDLE_SESSION_TIMEOUT) return void log.debug({ code: error.code }, "idle session closed by the server");
    const now = Date.now();
    const fresh = now - lastAt > QUIET_MS;
    lastAt = now;
    if (fresh) {
      log.warn({ code: error.code, message: error.message, ...(suppressed ? { suppressedSinceLast: suppressed } : {}) }, what);
      suppressed = 0;
    } else {
      suppressed++;
      log.debug({ code: error.code, message: error.message }, what);
    }
  };
}

export interface PoolOptions {
  /**
   * Connections kept open however long they stay idle (pg-pool closes the others after
   * idleTimeoutMillis, 10 s by default). Not opened ahead: the ones a burst opened stay.
   */
  min?: number;
  idleTimeoutMillis?: number;
}

/** A pool whose idle-client errors (server restart, terminated backend) are logged, not fatal. */
export function makePool(connectionString: string, max: number, options: PoolOptions = {}): pg.Pool {
  // A server that does not answer (network partition) fails requests after 10 s with EVDBU
  // instead of holding them forever; waiting for a free client counts toward it too.
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000, min: Math.min(options.min ?? 0, max), idleTimeoutMillis: options.idleTimeoutMillis });
  pool.on("error", outageLogger("idle database client failed"));
  // Errors on a checked-out client (e.g. the server restarting mid-query) reach the query
  // that is running; this only keeps the process from crashing on an unhandled 'error'.
  const clientFailed = outageLogger("database client failed");
  pool.on("connect", (client) => client.on("error", clientFailed));
  return pool;
}

/**
 * Whether a query's error means its connection cannot be reused: no SQLSTATE severity
 * (the socket failed) or FATAL/PANIC (the server ended the session, e.g. 57P01).
 * An ERROR leaves the connection clean (its implicit transaction ended).
 */
export function connectionBroken(error: unknown): boolean {
  const severity = (error as { severity?: string } | null)?.severity;
  return !severity || severity === "FATAL" || severity === "PANIC";
}
