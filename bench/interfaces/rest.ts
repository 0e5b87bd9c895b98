// REST: POST /api/v1/bookings {event_id, quantity: 1} with a Bearer token and an
// Idempotency-Key, over keep-alive HTTP, spread round-robin over the app instances like
// the GraphQL booker. 201 = success, problem+json code EVSLD = refusal, anything else an
// error. The instances run with RATE_LIMIT_PER_MINUTE raised (instances.ts) so that the
// limiter never refuses; its per-request bookkeeping is part of what REST costs.
import { noteError, type Booker, type Outcome } from "./types.ts";
import { httpPools, tokenCache } from "./graphql.ts";

export function restBooker(baseUrls: string[], jwtSecret: string, connections: number, suffix = ""): Booker {
  const pools = httpPools(baseUrls, connections);
  const token = tokenCache(jwtSecret);
  const errors = new Map<string, number>();
  let next = 0;
  return {
    label: `rest${suffix}${baseUrls.length > 1 ? ` x${baseUrls.length}` : ""}`,
    errors,
    async book(event, user, key): Promise<Outcome> {
      const pool = pools[next++ % pools.length];
      try {
        const res = await pool.request({
          path: "/api/v1/bookings",
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token(user)}`, "idempotency-key": key },
          body: JSON.stringify({ event_id: event, quantity: 1 }),
        });
        const body = (await res.body.json()) as { id?: string; code?: string; detail?: string };
        if (res.statusCode === 201 && body.id) return "success";
        if (body.code === "EVSLD") return "refusal";
        return noteError(errors, `HTTP ${res.statusCode} ${body.code ?? ""} ${body.detail ?? ""}`.trim());
      } catch (error) {
        return noteError(errors, (error as Error).message);
      }
    },
    async close() {
      await Promise.all(pools.map((p) => p.close()));
    },
  };
}
