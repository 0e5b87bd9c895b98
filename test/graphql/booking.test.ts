// Booking over HTTP GraphQL: hold -> confirm -> tickets, one-step booking with
// idempotency keys, sold out, cancellation, and other users' bookings staying invisible.
import t from "tap";
import { counterMismatches, createEvent, createTestDb } from "../helpers.ts";
import { errorCode, signUp, startGraphQLServer } from "../graphql-helpers.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const { gql } = server;
const admin = await signUp(server, db, { admin: true });
const alice = await signUp(server, db, { name: "Alice" });
const bob = await signUp(server, db, { name: "Bob" });

const BOOKING_FIELDS = `id eventId userId holdId quantity totalCents status cancelledAt
  ticketsByBookingId { nodes { code status eventId userId } }`;
const HOLD = `mutation ($e: UUID, $q: Int) {
  holdTickets(input: {eventId: $e, quantity: $q}) { result { id eventId userId quantity status expiresAt } }
}`;
const CONFIRM = `mutation ($h: UUID, $k: String) {
  confirmHold(input: {holdId: $h, idempotencyKey: $k}) { result { ${BOOKING_FIELDS} } }
}`;
const RELEASE = `mutation ($h: UUID) { releaseHold(input: {holdId: $h}) { result { id status } } }`;
const BOOK = `mutation ($e: UUID, $q: Int, $k: String) {
  bookTickets(input: {eventId: $e, quantity: $q, idempotencyKey: $k}) { result { ${BOOKING_FIELDS} } }
}`;
const CANCEL = `mutation ($b: UUID) { cancelBooking(input: {bookingId: $b}) { result { id status cancelledAt } } }`;

const eventCounters = async (id: string) =>
  (await db.pool.query("select held, booked from evently.events where id = $1", [id])).rows[0] as { held: number; booked: number };
const bookingStatus = async (id: string) =>
  (await db.pool.query("select status from evently.bookings where id = $1", [id])).rows[0]?.status as string | undefined;

async function book(token: string, eventId: string, quantity: number, idempotencyKey?: string) {
  return gql(BOOK, { e: eventId, q: quantity, k: idempotencyKey ?? null }, { token });
}

t.test("holdTickets then confirmHold issues a booking with one ticket per person", async (t) => {
  const event = await createEvent(db, admin.id, { capacity: 10, priceCents: 1500 });
  const hold = await gql(HOLD, { e: event, q: 3 }, { token: alice.token });
  t.equal(hold.status, 200);
  t.notOk(hold.errors);
  const h = hold.data.holdTickets.result;
  t.same([h.eventId, h.userId, h.quantity, h.status], [event, alice.id, 3, "active"]);
  t.ok(new Date(h.expiresAt).getTime() > Date.now() + 4 * 60_000, "expires after the 5-minute hold_ttl");
  t.same(await eventCounters(event), { held: 3, booked: 0 });
  const avail = await gql(`query ($id: UUID!) { eventById(id: $id) { available } }`, { id: event });
  t.equal(avail.data.eventById.available, 7, "the hold reduces availability");

  const confirmed = await gql(CONFIRM, { h: h.id }, { token: alice.token });
  t.notOk(confirmed.errors);
  const b = confirmed.data.confirmHold.result;
  t.same([b.eventId, b.userId, b.holdId, b.quantity, b.totalCents, b.status, b.cancelledAt],
    [event, alice.id, h.id, 3, 4500, "confirmed", null]);
  const tickets: Array<{ code: string; status: string; eventId: string; userId: string }> = b.ticketsByBookingId.nodes;
  t.equal(tickets.length, 3, "three tickets");
  t.equal(new Set(tickets.map((x) => x.code)).size, 3, "distinct codes");
  t.ok(tickets.every((x) => /^[0-9a-f]{32}$/.test(x.code) && x.status === "valid" && x.eventId === event && x.userId === alice.id));
  const dbCodes = (await db.pool.query("select code from evently.tickets where booking_id = $1 order by code", [b.id])).rows.map((r) => r.code);
  t.same(dbCodes, tickets.map((x) => x.code).sort(), "the same tickets are in the database");
  t.same(await eventCounters(event), { held: 0, booked: 3 });
  const [{ status }] = (await db.pool.query("select status from evently.holds where id = $1", [h.id])).rows;
  t.equal(status, "confirmed");

  const again = await gql(CONFIRM, { h: h.id }, { token: alice.token });
  t.equal(errorCode(again), "EVHNA", "a confirmed hold cannot be confirmed again");
  t.equal(again.errors?.[0].extensions?.status, 409);
  const release = await gql(RELEASE, { h: h.id }, { token: alice.token });
  t.equal(errorCode(release), "EVHNA");

  const mine = await gql(`{ myBookings { nodes { id ticketsByBookingId { totalCount } } } }`, {}, { token: alice.token });
  t.notOk(mine.errors);
  t.same(mine.data.myBookings.nodes.filter((n: { id: string }) => n.id === b.id), [{ id: b.id, ticketsByBookingId: { totalCount: 3 } }]);
  t.same(await counterMismatches(db), []);
});

t.test("releaseHold gives the tickets back", async (t) => {
  const event = await createEvent(db, admin.id, { capacity: 2 });
  const hold = await gql(HOLD, { e: event, q: 2 }, { token: alice.token });
  t.notOk(hold.errors);
  const blocked = await book(bob.token, event, 1);
  t.equal(errorCode(blocked), "EVSLD", "held tickets are not for sale");
  const released = await gql(RELEASE, { h: hold.data.holdTickets.result.id }, { token: alice.token });
  t.same(released.data.releaseHold.result.status, "released");
  const ok = await book(bob.token, event, 2);
  t.notOk(ok.errors, "released tickets are on sale again");
  t.same(await eventCounters(event), { held: 0, booked: 2 });
});

t.test("bookTickets with an idempotency key: retries replay, another request is EVIDM (422)", async (t) => {
  const event = await createEvent(db, admin.id, { capacity: 10 });
  const first = await book(alice.token, event, 2, "order-42");
  t.notOk(first.errors);
  const again = await book(alice.token, event, 2, "order-42");
  t.notOk(again.errors);
  t.equal(again.data.bookTickets.result.id, first.data.bookTickets.result.id, "the same booking comes back");
  t.same(again.data.bookTickets.result.ticketsByBookingId.nodes.map((x: { code: string }) => x.code).sort(),
    first.data.bookTickets.result.ticketsByBookingId.nodes.map((x: { code: string }) => x.code).sort(), "with the same tickets");
  t.same(await eventCounters(event), { held: 0, booked: 2 }, "sold once");
  const [{ n }] = (await db.pool.query("select count(*)::int as n from evently.bookings where event_id = $1", [event])).rows;
  t.equal(n, 1, "one booking row");

  const other = await book(alice.token, event, 3, "order-42");
  t.equal(errorCode(other), "EVIDM");
  t.equal(other.errors?.[0].extensions?.status, 422);
  t.equal(other.data?.bookTickets ?? null, null);
  t.same(await eventCounters(event), { held: 0, booked: 2 }, "nothing more sold");

  const bobsOwn = await book(bob.token, event, 1, "order-42");
  t.notOk(bobsOwn.errors, "keys are per user");
  t.not(bobsOwn.data.bookTickets.result.id, first.data.bookTickets.result.id);

  const badKey = await book(alice.token, event, 1, "has spaces");
  t.equal(errorCode(badKey), "EVIDK");
  t.equal(badKey.errors?.[0].extensions?.field, "idempotency_key");
});

t.test("selling past capacity is EVSLD with status 409; other registered errors pass through", async (t) => {
  const event = await createEvent(db, admin.id, { capacity: 3, maxPerUser: 3 });
  t.notOk((await book(alice.token, event, 2)).errors);
  const soldOut = await book(bob.token, event, 2);
  t.equal(soldOut.status, 200);
  t.equal(errorCode(soldOut), "EVSLD");
  t.equal(soldOut.errors?.[0].extensions?.status, 409);
  t.same(soldOut.errors?.[0].path, ["bookTickets"]);
  t.equal(soldOut.data?.bookTickets ?? null, null);
  const holdTooMany = await gql(HOLD, { e: event, q: 2 }, { token: bob.token });
  t.equal(errorCode(holdTooMany), "EVSLD");
  t.notOk((await book(bob.token, event, 1)).errors, "the last ticket still sells");
  t.equal(errorCode(await book(bob.token, event, 1)), "EVSLD");
  t.same(await eventCounters(event), { held: 0, booked: 3 });

  const limited = await createEvent(db, admin.id, { capacity: 100, maxPerUser: 2 });
  const overLimit = await book(alice.token, limited, 3);
  t.equal(errorCode(overLimit), "EVLIM");
  t.equal(overLimit.errors?.[0].extensions?.status, 409);
  const zero = await book(alice.token, limited, 0);
  t.equal(errorCode(zero), "EVQTY");
  t.equal(zero.errors?.[0].extensions?.status, 400);
  const unknown = await book(alice.token, "00000000-0000-0000-0000-000000000000", 1);
  t.equal(errorCode(unknown), "EVNFD");
  t.equal(unknown.errors?.[0].extensions?.status, 404);
  t.same(await counterMismatches(db), []);
});

t.test("cancelBooking voids the tickets; cancelling again is EVBCN (409)", async (t) => {
  const event = await createEvent(db, admin.id, { capacity: 2 });
  const booked = await book(alice.token, event, 2);
  t.notOk(booked.errors);
  const id = booked.data.bookTickets.result.id;
  t.equal(errorCode(await book(bob.token, event, 1)), "EVSLD");

  const cancelled = await gql(CANCEL, { b: id }, { token: alice.token });
  t.notOk(cancelled.errors);
  t.equal(cancelled.data.cancelBooking.result.id, id);
  t.equal(cancelled.data.cancelBooking.result.status, "cancelled");
  t.ok(cancelled.data.cancelBooking.result.cancelledAt);
  const tickets = await gql(`query ($id: UUID!) { bookingById(id: $id) { status ticketsByBookingId { nodes { status } } } }`,
    { id }, { token: alice.token });
  t.same(tickets.data.bookingById, { status: "cancelled", ticketsByBookingId: { nodes: [{ status: "cancelled" }, { status: "cancelled" }] } });
  t.same(await eventCounters(event), { held: 0, booked: 0 });

  const again = await gql(CANCEL, { b: id }, { token: alice.token });
  t.equal(errorCode(again), "EVBCN");
  t.equal(again.errors?.[0].extensions?.status, 409);
  t.equal(again.data?.cancelBooking ?? null, null);
  t.notOk((await book(bob.token, event, 2)).errors, "the tickets are on sale again");
  t.same(await counterMismatches(db), []);
});

t.test("another user cannot see or touch a booking (BOLA): null, empty lists, EVNFD", async (t) => {
  const event = await createEvent(db, admin.id, { capacity: 10 });
  const booked = await book(alice.token, event, 2);
  t.notOk(booked.errors);
  const booking = booked.data.bookTickets.result;
  const code: string = booking.ticketsByBookingId.nodes[0].code;
  const hold = await gql(HOLD, { e: event, q: 1 }, { token: alice.token });
  const holdId: string = hold.data.holdTickets.result.id;
  // Bob has no bookings of his own on this event; the lists are filtered to it.
  const LOOK = `query ($id: UUID!, $hold: UUID!, $code: String!, $event: UUID!) {
    bookingById(id: $id) { id }
    holdById(id: $hold) { id }
    ticketByCode(code: $code) { id }
    allBookings(condition: {eventId: $event}) { nodes { id } }
    allTickets(condition: {eventId: $event}) { nodes { id } }
    allHolds(condition: {id: $hold}) { nodes { id } }
    myBookings { nodes { id userId } }
    eventById(id: $event) { bookingsByEventId { nodes { id } } ticketsByEventId { nodes { id } } }
  }`;
  const vars = { id: booking.id, hold: holdId, code, event };

  // The owner sees everything (so the empty answers below are RLS, not a broken query).
  const asAlice = await gql(LOOK, vars, { token: alice.token });
  t.notOk(asAlice.errors, JSON.stringify(asAlice.errors));
  t.equal(asAlice.data.bookingById.id, booking.id);
  t.equal(asAlice.data.holdById.id, holdId);
  t.ok(asAlice.data.ticketByCode.id);
  t.equal(asAlice.data.allBookings.nodes.length, 1);
  t.equal(asAlice.data.allTickets.nodes.length, 2);
  t.equal(asAlice.data.allHolds.nodes.length, 1);
  t.equal(asAlice.data.eventById.ticketsByEventId.nodes.length, 2);

  const asBob = await gql(LOOK, vars, { token: bob.token });
  t.notOk(asBob.errors);
  t.equal(asBob.data.bookingById, null, "bookingById is null");
  t.equal(asBob.data.holdById, null, "holdById is null");
  t.equal(asBob.data.ticketByCode, null, "a ticket code does not reveal the ticket");
  t.same(asBob.data.allBookings.nodes, [], "allBookings is empty");
  t.same(asBob.data.allTickets.nodes, [], "allTickets is empty");
  t.same(asBob.data.allHolds.nodes, [], "allHolds is empty");
  const bobsBookings: Array<{ id: string; userId: string }> = asBob.data.myBookings.nodes;
  t.ok(bobsBookings.length > 0, "Bob has bookings of his own from earlier tests");
  t.ok(bobsBookings.every((n) => n.userId === bob.id && n.id !== booking.id), "myBookings holds only Bob's");
  t.same(asBob.data.eventById, { bookingsByEventId: { nodes: [] }, ticketsByEventId: { nodes: [] } }, "nor through the event");
  const unfiltered = await gql(`{ allBookings { nodes { userId } } allTickets { nodes { userId } } }`, {}, { token: bob.token });
  t.ok(unfiltered.data.allBookings.nodes.every((n: { userId: string }) => n.userId === bob.id), "Bob lists only his own bookings");
  t.ok(unfiltered.data.allTickets.nodes.every((n: { userId: string }) => n.userId === bob.id), "and only his own tickets");

  const cancel = await gql(CANCEL, { b: booking.id }, { token: bob.token });
  t.equal(errorCode(cancel), "EVNFD", "cancelBooking on someone else's booking is not found");
  t.equal(cancel.errors?.[0].extensions?.status, 404);
  t.equal(cancel.errors?.[0].message, "Booking not found");
  const confirm = await gql(CONFIRM, { h: holdId }, { token: bob.token });
  t.equal(errorCode(confirm), "EVNFD", "confirmHold on someone else's hold is not found");
  const release = await gql(RELEASE, { h: holdId }, { token: bob.token });
  t.equal(errorCode(release), "EVNFD", "releaseHold on someone else's hold is not found");
  const missing = await gql(CANCEL, { b: "00000000-0000-0000-0000-000000000000" }, { token: bob.token });
  t.equal(missing.errors?.[0].message, cancel.errors?.[0].message, "indistinguishable from a booking that does not exist");

  t.equal(await bookingStatus(booking.id), "confirmed", "Alice's booking is still confirmed");
  const [{ status: holdStatus }] = (await db.pool.query("select status from evently.holds where id = $1", [holdId])).rows;
  t.equal(holdStatus, "active", "Alice's hold is still active");
  const valid = (await db.pool.query("select count(*)::int as n from evently.tickets where booking_id = $1 and status = 'valid'", [booking.id])).rows[0].n;
  t.equal(valid, 2, "her tickets are still valid");
  t.same(await eventCounters(event), { held: 1, booked: 2 });

  const asAdmin = await gql(`query ($id: UUID!) { bookingById(id: $id) { id userByUserId { id } } }`, { id: booking.id }, { token: admin.token });
  t.same(asAdmin.data.bookingById, { id: booking.id, userByUserId: { id: alice.id } }, "an admin sees every booking");
});
