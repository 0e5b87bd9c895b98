// Rate limits shared by every app instance: counters live in PostgreSQL
// (evently_ops.rate_limit_hits, migration 000002) through rate-limiter-flexible.
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Claims } from "../auth/tokens.ts";
import { ProblemError } from "./problem.ts";

export interface RateLimitOptions {
  /** Requests allowed per key and window, for auth routes (per IP) and booking routes (per user and per IP). */
  points: number;
  durationSeconds: number;
}

export type RateLimitBucket = "auth" | "booking";

export function makeRateLimits(pool: pg.Pool, options: RateLimitOptions) {
  const limiter = (keyPrefix: string) =>
    new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      schemaName: "evently_ops",
      tableName: "rate_limit_hits",
      tableCreated: true,
      keyPrefix,
      points: options.points,
      duration: options.durationSeconds,
    });
  const limiters = {
    auth: { ip: limiter("auth:ip") },
    booking: { ip: limiter("booking:ip"), user: limiter("booking:user") },
  };

  /** Counts one request; throws 429 (EVRAT) with Retry-After when a limit is exceeded. */
  return async function consume(bucket: RateLimitBucket, ip: string, claims: Claims | undefined): Promise<void> {
    // One after the other, user first: a request refused by one limit must not use up a
    // point of the other, or concurrent requests could be refused by both in different
    // orders and fewer than the limit would pass.
    const checks = bucket === "booking" && claims
      ? [() => limiters.booking.user.consume(claims.user_id), () => limiters.booking.ip.consume(ip)]
      : [() => limiters[bucket].ip.consume(ip)];
    for (const check of checks) {
      try {
        await check();
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error; // the store failed
        const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new ProblemError("EVRAT", `Too many requests: try again in ${retryAfter} seconds`, undefined, {
          "Retry-After": String(retryAfter),
        });
      }
    }
  };
}
