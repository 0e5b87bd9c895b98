// Read rules live in SQL: "mine, newest first" lists, an offer that is open only until it
// expires (as events_available treats holds), and one city match for venues and events.
import t from "tap";
import { createEvent, createTestDb, createUser, expireHoldNow, sqlAs, sqlState } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

t.test("my_tickets, my_waitlist_entries, my_notifications: only the caller's, newest first", async (t) => {
  const [me, other] = [await createUser(db), await createUser(db)];
  const first = await createEvent(db, admin, { capacity: 2 });
  const second = await createEvent(db, admin, { capacity: 2 });
  await sqlAs(db.pool, me, "select evently.book_tickets($1, 1)", [first]);
  await sqlAs(db.pool, other, "select evently.book_tickets($1, 1)", [first]);
  await sqlAs(db.pool, me, "select evently.book_tickets($1, 1)", [second]);
  await sqlAs(db.pool, other, "select evently.book_tickets($1, 1)", [second]); // both sold out now
  await sqlAs(db.pool, me, "select evently.join_waitlist($1, 1)", [first]);
  await sqlAs(db.pool, me, "select evently.join_waitlist($1, 1)", [second]);

  const tickets = await sqlAs(db.pool, me, "select event_id, user_id from evently.my_tickets()");
  t.same(tickets.map((r) => r.event_id), [second, first], "tickets: newest first");
  t.ok(tickets.every((r) => r.user_id === me), "only mine");
  const entries = await sqlAs(db.pool, me, "select event_id from evently.my_waitlist_entries()");
  t.same(entries.map((r) => r.event_id), [second, first], "waitlist entries: newest first");
  const notes = await sqlAs(db.pool, me, "select event_id, user_id from evently.my_notifications()");
  t.same(notes.map((r) => r.event_id), [second, first], "notifications: newest first");
  t.ok(notes.every((r) => r.user_id === me));
  t.same(await sqlAs(db.pool, other, "select * from evently.my_waitlist_entries()"), [], "someone else sees none of mine");
  t.equal(await sqlState(sqlAs(db.pool, null, "select * from evently.my_tickets()")), "42501", "anonymous callers may not ask");
});

t.test("an entry's offer is open until it expires, even before anything closes it", async (t) => {
  const event = await createEvent(db, admin, { capacity: 1 });
  const [holder, waiter] = [await createUser(db), await createUser(db)];
  const [b] = await sqlAs(db.pool, holder, "select * from evently.book_tickets($1, 1)", [event]);
  const [entry] = await sqlAs(db.pool, waiter, "select * from evently.join_waitlist($1, 1)", [event]);
  const offerOf = async () =>
    (await sqlAs(db.pool, waiter, "select (evently.waitlist_entries_offer(w)).id as id from evently.waitlist_entries w where w.id = $1", [entry.id]))[0].id;
  t.equal(await offerOf(), null, "waiting: no offer");
  await sqlAs(db.pool, holder, "select evently.cancel_booking($1)", [b.id]);
  const offer = await offerOf();
  t.ok(offer, "offered when the ticket came back");
  await expireHoldNow(db, offer);
  const { rows: [hold] } = await db.pool.query("select status from evently.holds where id = $1", [offer]);
  t.equal(hold.status, "active", "(no job or booking has closed the expired offer yet)");
  t.equal(await offerOf(), null, "an expired offer is not open");
});

t.test("find_venues and upcoming_events match a city the same way", async (t) => {
  const city = `Graz-${Date.now()}`;
  const [venue] = await sqlAs(db.pool, admin, "select id from evently.create_venue('Orpheum', city => $1)", [city]);
  await sqlAs(db.pool, admin, "select evently.create_venue('Elsewhere', city => 'Linz')");
  const event = await createEvent(db, admin, { venueId: venue.id });
  for (const asked of [city, city.toUpperCase(), city.toLowerCase()]) {
    const venues = await sqlAs(db.pool, null, "select id from evently.find_venues(city => $1)", [asked]);
    const events = await sqlAs(db.pool, null, "select id from evently.upcoming_events(city => $1)", [asked]);
    t.same([venues.map((v) => v.id), events.map((e) => e.id)], [[venue.id], [event]], `"${asked}"`);
  }
  t.same(await sqlAs(db.pool, null, "select id from evently.find_venues(city => $1)", [city.slice(0, -1)]), [], "whole names only");
});
