// Direct SQL, the way another service would call Evently (README "SQL API"): act as
// the user inside a transaction, call the function. Everything goes in one simple-query
// message (an implicit transaction), so each attempt is one round trip for every
// strategy and the comparison is about locking, not about network chatter.
import pg from "pg";
import type { Strategy } from "../args.ts";
import { userId } from "../ids.ts";
import { noteError, type Booker, type Outcome } from "./types.ts";

const lit = pg.escapeLiteral;

function actAs(user: number): string {
  return `select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', ${lit(userId(user))}, true);`;
}

export function sqlFor(strategy: Strategy, event: string, user: number, key: string): string {
  if (strategy === "atomic") {
    return `${actAs(user)}
select id from evently.book_tickets(${lit(event)}::uuid, 1, ${lit(key)});`;
  }
  return `select bench.book_${strategy}(${lit(event)}::uuid, ${lit(userId(user))}::uuid, 1);`;
}

/** Reserved seating: the best `quantity` seats as one hold (Evently's API only). */
export function seatSqlFor(event: string, user: number, quantity: number): string {
  return `${actAs(user)}
select id from evently.hold_best_available(${lit(event)}::uuid, ${Math.trunc(quantity)});`;
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
  async function attempt(sql: string): Promise<Outcome> {
    // Not pool.query(): it destroys the connection on any error, so every refusal
    // would pay a new connection (SCRAM) and the bench would measure logins.
    const client = await pool.connect();
    try {
      await client.query(sql);
      return "success";
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "EVSLD") return "refusal";
      return noteError(errors, `${code ?? ""} ${(error as Error).message}`.trim());
    } finally {
      client.release();
    }
  }
  return {
    label: "sql",
    errors,
    book: (event, user, key) => attempt(sqlFor(strategy, event, user, key)),
    holdBestAvailable: strategy === "atomic" ? (event, user, quantity) => attempt(seatSqlFor(event, user, quantity)) : undefined,
    close: () => pool.end(),
  };
}
