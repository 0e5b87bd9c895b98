// Direct SQL, the way another service would call Evently (README "SQL API"): act as
// the user inside a transaction, call the function. Everything goes in one simple-query
// message (an implicit transaction), so each attempt is one round trip for every
// strategy and the comparison is about locking, not about network chatter.
import pg from "pg";
import type { Strategy } from "../args.ts";
import { userId } from "../ids.ts";
import { noteError, type Booker, type Outcome } from "./types.ts";

const lit = pg.escapeLiteral;

export function sqlFor(strategy: Strategy, event: string, user: number, key: string): string {
  const u = userId(user);
  if (strategy === "atomic") {
    return `select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', ${lit(u)}, true);
select id from evently.book_tickets(${lit(event)}::uuid, 1, ${lit(key)});`;
  }
  return `select bench.book_${strategy}(${lit(event)}::uuid, ${lit(u)}::uuid, 1);`;
}

export async function sqlBooker(ownerUrl: string, authUrl: string, strategy: Strategy, connections: number): Promise<Booker> {
  // atomic goes through the login the HTTP server uses (switching role per request);
  // the bench schema has no grants, so the comparison strategies run as the owner.
  const pool = new pg.Pool({ connectionString: strategy === "atomic" ? authUrl : ownerUrl, max: connections });
  pool.on("error", () => {});
  // Open every connection before the clock starts.
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  for (const c of clients) c.release();
  const errors = new Map<string, number>();
  return {
    label: "sql",
    errors,
    async book(event, user, key): Promise<Outcome> {
      // Not pool.query(): it destroys the connection on any error, so every refusal
      // would pay a new connection (SCRAM) and the bench would measure logins.
      const client = await pool.connect();
      try {
        await client.query(sqlFor(strategy, event, user, key));
        return "success";
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === "EVSLD") return "refusal";
        return noteError(errors, `${code ?? ""} ${(error as Error).message}`.trim());
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
