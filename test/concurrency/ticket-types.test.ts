// Ticket types under concurrency: 240 buyers over 40 connections race for two types whose
// capacities together exceed the event's, booking in one step or holding then confirming or
// releasing. Afterwards neither type nor the event is oversold, the event sold exactly its
// capacity, and every counter equals its rows.
import t from "tap";
import { asUser, counterMismatches, createEvent, createTestDb, createUser, createUsers, sqlState } from "../helpers.ts";

const CONNECTIONS = 40;
const db = await createTestDb(t, 5);
const admin = await createUser(db, { admin: true });
const pool = db.newPool(CONNECTIONS);
await Promise.all(Array.from({ length: CONNECTIONS }, async () => (await pool.connect()).release()));

t.test("two types of 70 in an event of 100: 240 buyers at once", async (t) => {
  const event = await createEvent(db, admin, { capacity: 100, maxPerUser: 4 });
  const types = await asUser(pool, admin, async (c) => [
    (await c.query("select id from evently.create_ticket_type($1, 'Standard', 70, 2000)", [event])).rows[0].id as string,
    (await c.query("select id from evently.create_ticket_type($1, 'VIP', 70, 9000)", [event])).rows[0].id as string,
  ]);
  const users = await createUsers(db, 240);
  const outcomes = await Promise.all(
    users.map((u, i) => {
      const type = types[i % 2];
      const step = i % 3;
      return sqlState(asUser(pool, u, async (c) => {
        if (step === 0) return c.query("select evently.book_ticket_type($1, 1)", [type]);
        const { rows: [hold] } = await c.query("select id from evently.hold_ticket_type($1, 1)", [type]);
        // The hold commits with this transaction; confirm or release it in the next one.
        return hold;
      }).then(async (hold: any) => {
        if (step === 0 || !hold?.id) return;
        await asUser(pool, u, (c) => c.query(step === 1 ? "select evently.confirm_hold($1)" : "select evently.release_hold($1)", [hold.id]));
      }));
    }),
  );
  t.ok(outcomes.every((o) => o === undefined || o === "EVSLD"), "each buyer got tickets or EVSLD");
  const { rows: typeRows } = await db.pool.query("select name, capacity, held, booked from evently.ticket_types where event_id = $1 order by name", [event]);
  const { rows: [e] } = await db.pool.query("select capacity, held, booked from evently.events where id = $1", [event]);
  t.ok(typeRows.every((r) => r.held + r.booked <= r.capacity), "no type oversold");
  t.ok(e.held + e.booked <= e.capacity, "the event not oversold");
  t.equal(typeRows.reduce((n, r) => n + r.held + r.booked, 0), e.held + e.booked, "the types add up to the event");
  t.equal(e.held, 0, "every hold was confirmed or released");
  const { rows: [sold] } = await db.pool.query(
    "select count(*)::int as n, count(distinct ticket_type_id)::int as types from evently.tickets t join evently.bookings b on b.id = t.booking_id where b.event_id = $1 and t.status = 'valid'",
    [event],
  );
  t.equal(sold.n, e.booked, "one valid ticket per booked place");
  t.same(await counterMismatches(db, [event]), [], "counters = rows, for the event and each type");
  t.comment(`booked ${e.booked} of ${e.capacity}: ${typeRows.map((r) => `${r.name} ${r.booked}`).join(", ")}`);
});
