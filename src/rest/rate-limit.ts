// Rate limits shared by every app instance, without a database write per request.
// Each key (a user, an IP) has a budget per window in PostgreSQL
// (evently_ops.rate_limit_budgets, functions/operations/). A process leases tokens from
// it, for many keys in one statement, and spends them locally; a key that keeps asking
// leases bigger chunks, so a busy IP behind a proxy costs a lease now and then instead of
// a locked row per request. Unspent tokens go back to the budget after a short idle time.
// Across all instances a key never gets more than its limit per window; the price is that
// tokens one instance holds cannot be spent by another until given back (≤ IDLE_RETURN_MS).
import type pg from "pg";
import type { Claims } from "../auth/tokens.ts";
import { ProblemError } from "./problem.ts";
import { log } from "../log.ts";

export interface RateLimitOptions {
  /** Requests allowed per key and window, for auth routes (per IP) and booking routes (per user). */
  points: number;
  /** Booking requests per IP and window (default: points). */
  ipPoints?: number;
  durationSeconds: number;
}

export type RateLimitBucket = "auth" | "booking";

/** Unspent tokens of a key idle this long go back to the shared budget. */
export const IDLE_RETURN_MS = 1000;
/** After the budget said no, the key is refused locally this long before asking again. */
const REFUSED_RECHECK_MS = 1000;
/** A key's prefetch chunk never exceeds this share of its limit. */
const MAX_CHUNK_SHARE = 1 / 20;

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

interface KeyState {
  key: string;
  points: number;
  tokens: number;
  /** When the window ends, in this process's clock; and its id in the budget table. */
  windowEndsAt: number;
  windowId: string;
  lastUsedAt: number;
  /** Extra tokens asked for beyond the waiters; doubles while the key keeps needing leases. */
  chunk: number;
  lastLeaseAt: number;
  refusedUntil: number;
  waiters: Waiter[];
  leasing: boolean;
}

function tooMany(retryAfterMs: number): ProblemError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ProblemError("EVRAT", `Too many requests: try again in ${retryAfter} seconds`, undefined, {
    "Retry-After": String(retryAfter),
  });
}

export interface RateLimits {
  /** Counts one request; throws 429 (EVRAT) with Retry-After when a limit is exceeded. */
  consume(bucket: RateLimitBucket, ip: string, claims: Claims | undefined): Promise<void>;
  /** Gives every unspent token back (at shutdown). */
  close(): Promise<void>;
}

export function makeRateLimits(pool: pg.Pool, options: RateLimitOptions): RateLimits {
  const keys = new Map<string, KeyState>();
  /** Keys with waiters and no lease out: the next flush leases for exactly these. */
  const pending = new Set<KeyState>();
  let flushScheduled = false;

  function state(key: string, points: number): KeyState {
    let s = keys.get(key);
    const now = Date.now();
    if (s && s.windowEndsAt <= now && !s.leasing && s.waiters.length === 0) {
      // The window ended: its tokens are void.
      s.tokens = 0;
      s.refusedUntil = 0;
    }
    if (!s) {
      s = { key, points, tokens: 0, windowEndsAt: 0, windowId: "", lastUsedAt: now, chunk: 0, lastLeaseAt: 0, refusedUntil: 0, waiters: [], leasing: false };
      keys.set(key, s);
    }
    s.points = points;
    return s;
  }

  async function lease(batch: KeyState[]): Promise<void> {
    const now = Date.now();
    const wants = batch.map((s) => {
      // A key that needed a lease again soon asks for more next time (up to a share of its limit).
      s.chunk = now - s.lastLeaseAt < IDLE_RETURN_MS ? Math.min(Math.max(1, s.chunk * 2), Math.floor(s.points * MAX_CHUNK_SHARE)) : 0;
      s.lastLeaseAt = now;
      return s.waiters.length + s.chunk;
    });
    let rows: Array<{ key: string; granted: number; window_id: string; ms_left: number }>;
    try {
      ({ rows } = await pool.query(
        "select key, granted, window_id, ms_left from evently_private.lease_rate_limit_tokens($1, $2, $3, $4)",
        [batch.map((s) => s.key), wants, batch.map((s) => s.points), options.durationSeconds],
      ));
    } catch (error) {
      for (const s of batch) {
        s.leasing = false;
        for (const w of s.waiters.splice(0)) w.reject(error as Error);
      }
      return;
    }
    const byKey = new Map(rows.map((r) => [r.key, r]));
    batch.forEach((s, i) => {
      s.leasing = false;
      const row = byKey.get(s.key)!;
      if (row.window_id !== s.windowId) s.tokens = 0; // tokens of an earlier window are void
      s.windowId = row.window_id;
      s.windowEndsAt = Date.now() + row.ms_left;
      s.tokens += row.granted;
      while (s.tokens > 0 && s.waiters.length > 0) {
        s.tokens--;
        s.waiters.shift()!.resolve();
      }
      if (row.granted < wants[i]) {
        // The budget is spent for this window: refuse locally for a while, and refuse every
        // request still waiting, including those that arrived while the lease was out.
        s.refusedUntil = Math.min(s.windowEndsAt, Date.now() + REFUSED_RECHECK_MS);
        s.chunk = 0;
        const error = tooMany(s.windowEndsAt - Date.now());
        for (const w of s.waiters.splice(0)) w.reject(error);
      }
    });
  }

  // The pending set, not a scan of every key: a process serving thousands of users holds
  // thousands of keys, and scanning them on every flush showed in its CPU profile.
  function flush(): void {
    flushScheduled = false;
    if (pending.size === 0) return;
    const batch = [...pending];
    pending.clear();
    for (const s of batch) s.leasing = true;
    void lease(batch).then(() => {
      // Requests that arrived while this lease was out and found no token.
      for (const s of batch) if (s.waiters.length > 0 && !s.leasing) pending.add(s);
      if (pending.size > 0) schedule();
    });
  }

  function schedule(): void {
    if (flushScheduled) return;
    flushScheduled = true;
    // Every key that runs dry in this turn of the event loop joins one statement.
    setImmediate(flush);
  }

  function take(key: string, points: number): Promise<void> {
    const s = state(key, points);
    const now = Date.now();
    s.lastUsedAt = now;
    if (s.tokens > 0 && s.waiters.length === 0) {
      s.tokens--;
      return Promise.resolve();
    }
    // Tokens first: the budget may have said no while granting this process a last few.
    if (s.refusedUntil > now) return Promise.reject(tooMany(s.windowEndsAt - now));
    return new Promise<void>((resolve, reject) => {
      s.waiters.push({ resolve, reject });
      if (!s.leasing) {
        pending.add(s);
        schedule();
      }
    });
  }

  /** Tokens held by keys idle for a while (or all of them) go back to the budget. */
  async function giveBack(all: boolean): Promise<void> {
    const now = Date.now();
    const idle = [...keys.values()].filter(
      (s) => !s.leasing && s.waiters.length === 0 && (all || now - s.lastUsedAt >= IDLE_RETURN_MS),
    );
    for (const s of idle) keys.delete(s.key);
    const unspent = idle.filter((s) => s.tokens > 0 && s.windowEndsAt > now);
    if (unspent.length === 0) return;
    await pool.query("select evently_private.return_rate_limit_tokens($1, $2, $3)", [
      unspent.map((s) => s.key),
      unspent.map((s) => s.tokens),
      unspent.map((s) => s.windowId),
    ]);
  }

  const timer = setInterval(() => {
    giveBack(false).catch((error: Error) => log.warn({ err: error }, "returning rate-limit tokens failed"));
  }, IDLE_RETURN_MS);
  timer.unref();

  const ipPoints = options.ipPoints ?? options.points;
  return {
    async consume(bucket, ip, claims) {
      if (bucket === "auth") return take(`auth:ip:${ip}`, options.points);
      // The user's own limit first: a user over it never spends the address's shared
      // budget, which other users behind the same proxy need (docs/rest.md).
      if (claims) await take(`booking:user:${claims.user_id}`, options.points);
      try {
        await take(`booking:ip:${ip}`, ipPoints);
      } catch (error) {
        // Refused by the address limit: the user's token was not used after all.
        if (claims) {
          const user = keys.get(`booking:user:${claims.user_id}`);
          if (user && user.windowEndsAt > Date.now()) user.tokens++;
        }
        throw error;
      }
    },
    async close() {
      clearInterval(timer);
      await giveBack(true);
    },
  };
}
