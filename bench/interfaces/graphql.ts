// GraphQL through PostGraphile: the product's bookTickets (and, for seats,
// holdBestAvailable) mutation over keep-alive HTTP,
// requests spread round-robin over the app instances (a load balancer's job).
// Tokens are signed here with the instances' JWT secret, as authenticate would return
// them: bcrypt logins are not what this benchmark measures.
import { Pool } from "undici";
import { signToken } from "../../src/auth/tokens.ts";
import { userId } from "../ids.ts";
import { noteError, type Booker, type Outcome } from "./types.ts";

const BOOK = `mutation Book($eventId: UUID!, $key: String) {
  bookTickets(input: { eventId: $eventId, quantity: 1, idempotencyKey: $key }) { result { id } }
}`;

const HOLD_BEST = `mutation Hold($eventId: UUID!, $quantity: Int!) {
  holdBestAvailable(input: { eventId: $eventId, quantity: $quantity }) { result { id } }
}`;

export function tokenCache(jwtSecret: string): (user: number) => string {
  const tokens = new Map<number, string>();
  const exp = Math.floor(Date.now() / 1000) + 24 * 3600;
  return (user) => {
    let token = tokens.get(user);
    if (!token) {
      token = signToken({ role: "evently_user", user_id: userId(user), exp }, jwtSecret);
      tokens.set(user, token);
    }
    return token;
  };
}

/** Keep-alive connection pools, one per base URL, `connections` spread evenly. */
export function httpPools(baseUrls: string[], connections: number): Pool[] {
  const per = Math.max(1, Math.ceil(connections / baseUrls.length));
  return baseUrls.map((url) => new Pool(url, { connections: per, pipelining: 1, keepAliveTimeout: 60_000 }));
}

export function graphqlBooker(baseUrls: string[], jwtSecret: string, connections: number, suffix = ""): Booker {
  const pools = httpPools(baseUrls, connections);
  const token = tokenCache(jwtSecret);
  const errors = new Map<string, number>();
  let next = 0;
  async function mutate(field: string, user: number, query: string, variables: Record<string, unknown>): Promise<Outcome> {
    const pool = pools[next++ % pools.length];
    try {
      const res = await pool.request({
        path: "/graphql",
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token(user)}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.body.json()) as {
        data?: Record<string, { result?: { id?: string } } | null>;
        errors?: Array<{ message: string; extensions?: { code?: string } }>;
      };
      if (body.data?.[field]?.result?.id) return "success";
      const code = body.errors?.[0]?.extensions?.code;
      if (code === "EVSLD") return "refusal";
      return noteError(errors, `HTTP ${res.statusCode} ${code ?? ""} ${body.errors?.[0]?.message ?? ""}`.trim());
    } catch (error) {
      return noteError(errors, (error as Error).message);
    }
  }
  return {
    label: `graphql${suffix}${baseUrls.length > 1 ? ` x${baseUrls.length}` : ""}`,
    errors,
    book: (event, user, key) => mutate("bookTickets", user, BOOK, { eventId: event, key }),
    holdBestAvailable: (event, user, quantity) => mutate("holdBestAvailable", user, HOLD_BEST, { eventId: event, quantity }),
    async close() {
      await Promise.all(pools.map((p) => p.close()));
    },
  };
}
