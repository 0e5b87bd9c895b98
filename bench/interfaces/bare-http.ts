// Drives the do-nothing Express endpoint (ceiling/bare-http-server.ts) with the same
// request shape as GraphQL (POST, JSON body, Bearer token): what HTTP + JSON alone cost.
import { httpPools, tokenCache } from "./graphql.ts";
import { noteError, type Booker, type Outcome } from "./types.ts";

export function bareHttpBooker(baseUrl: string, jwtSecret: string, connections: number): Booker {
  const [pool] = httpPools([baseUrl], connections);
  const token = tokenCache(jwtSecret);
  const errors = new Map<string, number>();
  return {
    label: "bare http",
    errors,
    async book(event, user, key): Promise<Outcome> {
      try {
        const res = await pool.request({
          path: "/noop",
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token(user)}` },
          body: JSON.stringify({ eventId: event, quantity: 1, key }),
        });
        await res.body.json();
        return res.statusCode === 200 ? "success" : noteError(errors, `HTTP ${res.statusCode}`);
      } catch (error) {
        return noteError(errors, (error as Error).message);
      }
    },
    close: () => pool.close(),
  };
}
