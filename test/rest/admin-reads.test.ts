// The organizer's two reads: an event's bookings (search by email or ticket code) and the
// counter mismatches reconciliation recorded. Admins only; the figures come from real bookings.
import t from "tap";
import { createEvent, createTestDb, createUser, sqlAs, sqlState } from "../helpers.ts";
import { assertStatusesCovered, startApi, tokenFor } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db);
const adminId = await createUser(db, { admin: true });
const admin = tokenFor(adminId, true);
const ada = await createUser(db, { email: "ada.lovelace@example.com" });
const bob = await createUser(db, { email: "bob@example.org" });
const eventId = await createEvent(db, adminId, { capacity: 20, priceCents: 1500 });
const book = async (userId: string, quantity: number) =>
  (await sqlAs(db.pool, userId, "select id from evently.book_tickets(event_id => $1, quantity => $2)", [eventId, quantity]))[0].id as string;
const adaFirst = await book(ada, 2);
const bobBooking = await book(bob, 1);
const adaSecond = await book(ada, 3);
await sqlAs(db.pool, ada, "select evently.cancel_booking(booking_id => $1)", [adaFirst]);

t.test("GET /events/{id}/bookings: newest first, buyers and codes, search and status", async (t) => {
  const all = await api.call("get", `/api/v1/events/${eventId}/bookings`, { token: admin });
  t.equal(all.status, 200);
  t.same(all.body.map((b: { id: string }) => b.id), [adaSecond, bobBooking, adaFirst], "newest first");
  t.same(all.body.map((b: { matching: number }) => b.matching), [3, 3, 3]);
  const second = all.body[0];
  t.equal(second.email, "ada.lovelace@example.com");
  t.equal(second.quantity, 3);
  t.equal(second.total_cents, 4500);
  t.equal(second.codes.length, 3, "one code per ticket");

  const byEmail = await api.call("get", `/api/v1/events/${eventId}/bookings?q=LOVELACE`, { token: admin });
  t.same(byEmail.body.map((b: { id: string }) => b.id), [adaSecond, adaFirst], "part of the email, any case");
  const byCode = await api.call("get", `/api/v1/events/${eventId}/bookings?q=${second.codes[1]}`, { token: admin });
  t.same(byCode.body.map((b: { id: string }) => b.id), [adaSecond], "a ticket code exactly");
  const partOfCode = await api.call("get", `/api/v1/events/${eventId}/bookings?q=${second.codes[1].slice(0, 10)}`, { token: admin });
  t.same(partOfCode.body, [], "part of a code finds nothing");
  const confirmed = await api.call("get", `/api/v1/events/${eventId}/bookings?status=confirmed&limit=1`, { token: admin });
  t.equal(confirmed.body.length, 1);
  t.equal(confirmed.body[0].matching, 2, "matching counts beyond the page");
  const cancelled = await api.call("get", `/api/v1/events/${eventId}/bookings?status=cancelled`, { token: admin });
  t.same(cancelled.body.map((b: { id: string; cancelled_at: string | null }) => [b.id, b.cancelled_at !== null]), [[adaFirst, true]]);

  t.equal((await api.call("get", `/api/v1/events/${eventId}/bookings`, { token: tokenFor(ada) })).status, 403, "a buyer is refused");
  t.equal((await api.call("get", `/api/v1/events/${eventId}/bookings`)).status, 401);
  t.equal((await api.call("get", "/api/v1/events/00000000-0000-4000-8000-000000000000/bookings", { token: admin })).status, 404);
  t.equal((await api.call("get", `/api/v1/events/${eventId}/bookings?status=held`, { token: admin })).status, 400);
});

t.test("GET /admin/counter-mismatches: what reconciliation recorded, until repaired", async (t) => {
  const none = await api.call("get", "/api/v1/admin/counter-mismatches", { token: admin });
  t.equal(none.status, 200);
  t.same(none.body, []);
  // A hand edit breaks the booked counter; the reconciliation job's function records it.
  await db.pool.query("update evently.events set booked = booked + 7 where id = $1", [eventId]);
  await db.pool.query("select evently_private.reconcile_counters()");
  const open = await api.call("get", "/api/v1/admin/counter-mismatches", { token: admin });
  t.equal(open.body.length, 1);
  t.match(open.body[0], { event_id: eventId, counter: "booked", recorded: 11, actual: 4 });
  t.equal((await api.call("get", "/api/v1/admin/counter-mismatches", { token: tokenFor(bob) })).status, 403, "a buyer is refused");
  await db.pool.query("select evently_private.repair_counter($1, 'test')", [open.body[0].id]);
  t.same((await api.call("get", "/api/v1/admin/counter-mismatches", { token: admin })).body, [], "gone once repaired");
});

t.test("in SQL: admins only, arguments checked", async (t) => {
  t.equal(await sqlState(sqlAs(db.pool, ada, "select * from evently.event_bookings(event_id => $1)", [eventId])), "EVFBD");
  t.equal(await sqlState(sqlAs(db.pool, ada, "select * from evently.unrepaired_counter_mismatches()")), "EVFBD");
  t.equal(await sqlState(sqlAs(db.pool, null, "select * from evently.unrepaired_counter_mismatches()")), "42501", "not even executable when signed out");
  t.equal(await sqlState(sqlAs(db.pool, adminId, "select * from evently.event_bookings(event_id => $1, max_rows => 0)", [eventId])), "EVINV");
  t.equal(await sqlState(sqlAs(db.pool, adminId, "select * from evently.event_bookings(event_id => $1, skip_rows => -1)", [eventId])), "EVINV");
  const page = await sqlAs(db.pool, adminId, "select id, matching from evently.event_bookings(event_id => $1, max_rows => 1, skip_rows => 1)", [eventId]);
  t.same(page, [{ id: bobBooking, matching: 3 }], "the second page of one");
});

t.test("every documented status answered", async (t) => {
  await api.call("get", "/api/v1/admin/counter-mismatches");
  t.equal((await api.call("get", "/api/v1/admin/counter-mismatches?since=yesterday", { token: admin })).status, 400, "no query parameters");
  assertStatusesCovered(t, api, ["get /api/v1/events/{id}/bookings", "get /api/v1/admin/counter-mismatches"]);
});
