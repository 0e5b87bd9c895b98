// Ticket types under concurrency: 240 buyers over 40 connections race for two types whose
// capacities together exceed the event's, booking in one step or holding then confirming or
// releasing. Afterwards neither type nor the event is oversold, the event sold exactly its
// capacity, and every counter equals its rows. Then each type's own waitlist under a storm
// of joins, cancellations, direct buyers, accepts and declines.
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
  t.same(outcomes.filter((o) => o !== undefined && o !== "EVSLD"), [], "each buyer got tickets or EVSLD");
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

t.test("per-type waitlists: joins, cancellations, direct buyers, accepts and declines at once", async (t) => {
  const event = await createEvent(db, admin, { capacity: 60, maxPerUser: 4 });
  const [a, b] = await asUser(pool, admin, async (c) => [
    (await c.query("select id from evently.create_ticket_type($1, 'A', 30)", [event])).rows[0].id as string,
    (await c.query("select id from evently.create_ticket_type($1, 'B', 40)", [event])).rows[0].id as string,
  ]);
  // Sold out: A by its own capacity, B by the event's.
  const owners = await createUsers(db, 60);
  const bookings = await Promise.all(owners.map((u, i) =>
    asUser(pool, u, async (c) => ({ id: (await c.query("select id from evently.book_ticket_type($1, 1)", [i < 30 ? a : b])).rows[0].id as string, user: u }))));
  const waiters = await createUsers(db, 80);
  const buyers = await createUsers(db, 40);
  const type = (i: number) => (i % 2 ? b : a);
  // Round 1: 80 join the two lines while 24 owners cancel and 40 others try to buy directly.
  const round1 = await Promise.all([
    ...waiters.map((u, i) => sqlState(asUser(pool, u, (c) => c.query("select evently.join_ticket_type_waitlist($1, 1)", [type(i)])))),
    ...bookings.filter((_, i) => i % 5 < 2).map((bk) => sqlState(asUser(pool, bk.user, (c) => c.query("select evently.cancel_booking($1)", [bk.id])))),
    ...buyers.map((u, i) => sqlState(asUser(pool, u, (c) => c.query("select evently.hold_ticket_type($1, 1)", [type(i)])))),
  ]);
  t.ok(round1.every((o) => o === undefined || o === "EVSLD"), `joins and cancels succeed, buyers get tickets or EVSLD (${[...new Set(round1)].join(", ")})`);
  // Round 2: every open offer accepted or declined at once, while more owners cancel.
  const { rows: offers } = await db.pool.query(
    "select h.id, h.user_id from evently.holds h where h.event_id = $1 and h.status = 'active' and h.waitlist_entry_id is not null", [event]);
  t.ok(offers.length > 0, `${offers.length} offers were made`);
  const round2 = await Promise.all([
    ...offers.map((o, i) => sqlState(asUser(pool, o.user_id, (c) => c.query(i % 2 ? "select evently.decline_offer($1)" : "select evently.confirm_hold($1)", [o.id])))),
    ...bookings.filter((_, i) => i % 5 === 2).map((bk) => sqlState(asUser(pool, bk.user, (c) => c.query("select evently.cancel_booking($1)", [bk.id])))),
  ]);
  t.ok(round2.every((o) => o === undefined), "every accept, decline and cancel succeeded");

  const { rows: typeRows } = await db.pool.query("select id, name, capacity, held, booked, waiting from evently.ticket_types where event_id = $1", [event]);
  const { rows: [e] } = await db.pool.query("select capacity, held, booked, waiting from evently.events where id = $1", [event]);
  t.ok(typeRows.every((r) => r.held + r.booked <= r.capacity), "no type oversold");
  t.ok(e.held + e.booked <= e.capacity, "the event not oversold");
  t.equal(typeRows.reduce((n, r) => n + r.held + r.booked, 0), e.held + e.booked, "the types add up to the event");
  t.equal(typeRows.reduce((n, r) => n + r.waiting, 0), e.waiting, "the types' lines add up to the event's");
  for (const r of typeRows) {
    // Parties of one: nobody waits while a ticket of their type (and of the event) is free.
    t.ok(r.waiting === 0 || r.held + r.booked === r.capacity || e.held + e.booked === e.capacity,
      `${r.name}: no free ticket while ${r.waiting} wait`);
  }
  const { rows: [mixed] } = await db.pool.query(
    `select count(*)::int as n from evently.holds h join evently.waitlist_entries w on w.id = h.waitlist_entry_id
      where h.event_id = $1 and h.ticket_type_id is distinct from w.ticket_type_id`, [event]);
  t.equal(mixed.n, 0, "every offer is of its entry's type");
  const { rows: [unfair] } = await db.pool.query(
    `select count(*)::int as n from evently.waitlist_entries still join evently.waitlist_entries served
        on served.event_id = still.event_id and served.ticket_type_id = still.ticket_type_id
      where still.event_id = $1 and still.status = 'waiting' and served.status <> 'waiting' and served.position > still.position`, [event]);
  t.equal(unfair.n, 0, "each line is served in join order (no one offered before an earlier entry of their type still waiting)");
  const { rows: [direct] } = await db.pool.query(
    "select count(*)::int as n from evently.holds where event_id = $1 and waitlist_entry_id is null and status = 'active'", [event]);
  t.same(await counterMismatches(db, [event]), [], "counters = rows, for the event and each type (waiting too)");
  t.comment(`${offers.length} offers, ${direct.n} direct holds; ${typeRows.map((r) => `${r.name}: ${r.booked} booked, ${r.held} held, ${r.waiting} waiting`).join("; ")}`);
});
