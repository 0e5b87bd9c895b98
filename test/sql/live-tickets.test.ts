// evently_private.live_tickets (the per-person limit on every hold and booking) reads the
// user's own rows, however many the event has. An event on sale is new to the planner's
// statistics, estimated at one row; a lookup led by the event then read every booking and
// hold of a hot event on each call. Rows read are counted by PostgreSQL itself
// (pg_stat_xact_user_tables), in a fresh session, where PL/pgSQL plans with the values.
import t from "tap";
import { createEvent, createTestDb, createUser, createUsers, tableReads } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

t.test("a user's live tickets at a hot event read the user's rows, not the event's", async (t) => {
  const users = await createUsers(db, 2_000);
  const earlier = await createEvent(db, admin, { capacity: 100_000, maxPerUser: 100 });
  const hot = await createEvent(db, admin, { capacity: 100_000, maxPerUser: 100 });
  // Statistics that know only an earlier event: the hot one's rows come after the analyze.
  await db.pool.query(
    `insert into evently.bookings (event_id, user_id, quantity, total_cents) select $1, u, 1, 0 from unnest($2::uuid[]) u`,
    [earlier, users]);
  await db.pool.query("analyze evently.bookings; analyze evently.holds");
  for (let i = 0; i < 3; i++) {
    await db.pool.query(
      `insert into evently.bookings (event_id, user_id, quantity, total_cents) select $1, u, 1, 0 from unnest($2::uuid[]) u`,
      [hot, users]);
  }
  await db.pool.query(
    `insert into evently.holds (event_id, user_id, quantity, expires_at)
     select $1, u, 2, now() + interval '10 minutes' from unnest($2::uuid[]) u`, [hot, users]);

  const session = db.newPool(1);
  const client = await session.connect();
  try {
    await client.query("begin");
    const reads = await tableReads(client, ["evently.bookings", "evently.holds"], () =>
      client.query<{ n: number }>("select evently_private.live_tickets($1, $2) as n", [hot, users[7]]));
    const live = reads.value.rows[0];
    const rowsRead = reads.rowsRead("evently.bookings") + reads.rowsRead("evently.holds");
    await client.query("commit");
    t.equal(live.n, 3 + 2, "3 bookings and a hold of 2 at this event count (the earlier event's booking does not)");
    t.ok(rowsRead <= 20, `${rowsRead} rows read for a user with 5 rows, at an event with ${3 * users.length} bookings and ${users.length} holds`);
  } finally {
    client.release();
  }
});
