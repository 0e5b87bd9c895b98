// The shared rate-limit budgets (evently_ops.rate_limit_budgets) are written by every app
// instance at once: leases for many keys in one statement, returns of unspent tokens, and
// the return's clean-up of ended windows. Each statement takes its rows in key order (the
// clean-up skips rows in use), so statements sharing keys wait for each other instead of
// deadlocking. Before that, a suite run answered HTTP 500 to a few REST bookings: a lease
// and a return took two keys in opposite orders. This load catches an unordered lease or
// return; what it does not catch: bench/results/2026-12-02-stop-21.md.
import t from "tap";
import { createTestDb } from "../helpers.ts";

const db = await createTestDb(t, 17);
const KEYS = Array.from({ length: 3000 }, (_, i) => `booking:user:${i}`);

function shuffled<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

t.test("16 connections leasing, returning and cleaning up shared keys in random orders: no deadlock", async (t) => {
  // Every key's window ended minutes ago: the first returns' clean-up deletes them (up to
  // 1,000 each) while leases renew them.
  await db.pool.query(
    `insert into evently_ops.rate_limit_budgets (key, points, window_ends_at, granted, last_grant)
     select k, 10, now() - interval '2 minutes', 1, 1 from unnest($1::text[]) as k`,
    [KEYS],
  );
  const errors: string[] = [];
  let leases = 0;
  let returns = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, client) => {
      for (let round = 0; round < 60; round++) {
        const keys = shuffled(KEYS).slice(0, 40);
        try {
          if (client % 4 === 0) {
            // Tokens given back with the windows' real ids; ended windows included (the
            // function ignores them), so a return also locks budgets its clean-up and the
            // leases want.
            const { rows } = await db.pool.query(
              `select key, (extract(epoch from window_ends_at) * 1000000)::bigint::text as window_id
                 from evently_ops.rate_limit_budgets where key = any($1)`,
              [keys],
            );
            const back = shuffled(rows);
            await db.pool.query("select evently_private.return_rate_limit_tokens($1, $2, $3)", [
              back.map((r) => r.key),
              back.map(() => 1),
              back.map((r) => r.window_id),
            ]);
            returns++;
          } else {
            await db.pool.query("select * from evently_private.lease_rate_limit_tokens($1, $2, $3, 60)", [
              keys,
              keys.map(() => 1),
              keys.map(() => 1000),
            ]);
            leases++;
          }
        } catch (error) {
          const e = error as { code?: string; message: string; detail?: string; where?: string };
          errors.push(`${e.code} ${e.message} (${client % 4 === 0 ? "return" : "lease"}; ${e.detail ?? ""}; ${e.where ?? ""})`);
        }
      }
    }),
  );
  t.same(errors, [], "every statement succeeded");
  t.equal(leases, 720);
  t.equal(returns, 240);
  const { rows } = await db.pool.query(
    `select count(*)::int as n from evently_ops.rate_limit_budgets
      where granted < 0 or granted > points`,
  );
  t.equal(rows[0].n, 0, "every budget within its limit");
});
