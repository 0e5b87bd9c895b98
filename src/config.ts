// Every environment variable Evently reads, in one place (documented in README.md).
import { resolve } from "node:path";
import { parseAllowList } from "./webhooks/address-policy.ts";
import { StartupError } from "./startup-error.ts";
import { DEFAULT_GRAPHQL_CONCURRENCY } from "./graphql/turns.ts";

const env = process.env;

function int(name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new StartupError(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function onOff(name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "on") return true;
  if (raw === "off") return false;
  throw new StartupError(`${name} must be "on" or "off", got ${JSON.stringify(raw)}`);
}

function schemaSource(raw: string | undefined): "exported" | "live" {
  if (raw === undefined || raw === "" || raw === "exported") return "exported";
  if (raw === "live") return "live";
  throw new StartupError(`GRAPHQL_SCHEMA must be "exported" or "live", got ${JSON.stringify(raw)}`);
}

function pooler(raw: string | undefined): "none" | "transaction" {
  if (raw === undefined || raw === "" || raw === "none") return "none";
  if (raw === "transaction") return "transaction";
  throw new StartupError(`AUTH_DATABASE_POOLER must be "transaction" or "none", got ${JSON.stringify(raw)}`);
}

export const projectRoot = resolve(import.meta.dirname, "..");

const apiPoolSize = Math.max(1, int("API_POOL_SIZE", 20));

export const config = {
  production: env.NODE_ENV === "production",
  /** Owner connection: migrations, worker. Unset → embedded PostgreSQL. */
  databaseUrl: env.DATABASE_URL || undefined,
  /** Login role the HTTP server uses for API requests (switches role per request). */
  authDatabaseUrl: env.AUTH_DATABASE_URL || undefined,
  /**
   * "transaction" when AUTH_DATABASE_URL (and READ_DATABASE_URL) go through a
   * transaction-mode pooler such as PgBouncer: no named prepared statements are sent.
   */
  authDatabasePooler: pooler(env.AUTH_DATABASE_POOLER),
  /** A streaming replica (same login as AUTH_DATABASE_URL) for anonymous browsing, seat maps and analytics. */
  readDatabaseUrl: env.READ_DATABASE_URL || undefined,
  /** Replica reads fall back to the primary while the replica lags more than this. */
  readReplicaMaxLagMs: int("READ_REPLICA_MAX_LAG_MS", 2000),
  port: int("PORT", 3000),
  host: env.HOST || "0.0.0.0",
  jwtSecret: env.JWT_SECRET || undefined,
  /** During a rotation: the old JWT_SECRET, whose tokens stay valid until they expire (24 h). */
  jwtSecretPrevious: env.JWT_SECRET_PREVIOUS || undefined,
  dataDir: resolve(projectRoot, env.EVENTLY_DATA_DIR || ".data"),
  embeddedPort: int("EMBEDDED_PG_PORT", 54329),
  /**
   * "off": `npm start` runs no job worker (an API-only process; run `npm run worker`
   * processes beside it). Default "on": the supervised worker runs in-process.
   */
  worker: onOff("WORKER", true),
  workerConcurrency: int("WORKER_CONCURRENCY", 4),
  /** How often an idle worker looks for due jobs (hold expiry lag grows with it). */
  // A hold is released at most one poll after it expires: 500 ms keeps hold-expiry lag p99
  // under 1 s (bench/expiry-lag.ts), for one small query per poll.
  workerPollMs: int("WORKER_POLL_MS", 500),
  /**
   * How often an API or worker process sends the live-update NOTIFYs recorded by bookings
   * (evently_private.relay_event_changes); the delay it adds to a push is at most this. 0: never
   * (another process relays).
   */
  liveUpdatesRelayMs: int("LIVE_UPDATES_RELAY_MS", 100),
  /** Connections of an API process's request pool (evently_authenticator), per process. */
  apiPoolSize,
  /**
   * Of those, how many stay open while idle (default: all; more than the pool is the pool).
   * A new session's first booking is slow (catalog caches, PL/pgSQL compiled, plans made), so
   * a sale opening after a quiet spell should not start on new ones (docs/operations.md).
   */
  apiPoolMin: int("API_POOL_MIN", apiPoolSize),
  /**
   * SIGTERM/SIGINT: how long in-flight HTTP requests and running jobs may take to finish
   * before they are cut (connections closed, jobs failed back to the queue) and the process exits 1.
   */
  shutdownTimeoutMs: int("SHUTDOWN_TIMEOUT_MS", 25_000),
  /**
   * SIGTERM only: how long /ready answers 503 while requests are still served, before the
   * listener closes (so a load balancer's health check takes the instance out first).
   */
  shutdownDelayMs: int("SHUTDOWN_DELAY_MS", 0),
  logLevel: env.LOG_LEVEL || "info",
  /** smtp://user:pass@host:587 — unset: messages are logged and stored, not sent. */
  smtpUrl: env.SMTP_URL || undefined,
  mailFrom: env.MAIL_FROM || "Evently <no-reply@evently.local>",
  /** Booking and auth requests allowed per user and per IP each minute (shared by all instances). */
  rateLimitPerMinute: int("RATE_LIMIT_PER_MINUTE", 60),
  /** Booking requests per client IP each minute (all users behind one address share it); default RATE_LIMIT_PER_MINUTE. */
  rateLimitPerIpPerMinute: env.RATE_LIMIT_PER_IP_PER_MINUTE ? int("RATE_LIMIT_PER_IP_PER_MINUTE", 60) : undefined,
  /** Express "trust proxy" (e.g. 1 behind one load balancer): whose IP the limits count. */
  trustProxy: env.TRUST_PROXY ? (/^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY === "true" ? true : env.TRUST_PROXY) : false,
  /** Batching of concurrent one-step bookings per event (src/booking/batcher.ts): "off" turns it off. */
  bookingBatch: env.BOOKING_BATCH !== "off",
  /** How long the first booking request for an idle event waits for others (ms). */
  bookingBatchWindowMs: int("BOOKING_BATCH_WINDOW_MS", 1),
  /** Requests per batch at most (each is a subtransaction; keep it below 64). */
  bookingBatchMax: int("BOOKING_BATCH_MAX", 32),
  /** GraphQL operations in progress per API process at most; others wait their turn (src/graphql/turns.ts). 0: no limit. */
  graphqlConcurrency: int("GRAPHQL_CONCURRENCY", DEFAULT_GRAPHQL_CONCURRENCY),
  /**
   * "exported" (default): the GraphQL schema is exported ahead of time in a child process and
   * cached, so the API process does not keep PostGraphile's schema builder; "live": built in
   * the process at start (src/graphql/schema.ts).
   */
  graphqlSchema: schemaSource(env.GRAPHQL_SCHEMA),
  /** statement_timeout of every API request's transaction. */
  statementTimeout: env.STATEMENT_TIMEOUT || "5s",
  /**
   * Addresses or CIDR ranges webhooks may reach although private, loopback or link-local
   * (comma-separated, e.g. "127.0.0.1" for a local receiver); by default none.
   */
  webhookAllowPrivate: parseAllowList(env.WEBHOOK_ALLOW_PRIVATE),
  /** One webhook attempt at most this long: resolving, connecting, sending, reading the answer. */
  webhookTimeoutMs: int("WEBHOOK_TIMEOUT_MS", 5000),
};
