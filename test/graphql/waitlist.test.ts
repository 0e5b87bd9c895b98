// Waitlists over GraphQL: joining an event with free tickets answers with the offer made
// in the same call, and `available` is 0 while anyone waits (what a buyer can take).
import t from "tap";
import { createEvent, createTestDb } from "../helpers.ts";
import { errorCode, signUp, startGraphQLServer } from "../graphql-helpers.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const { gql } = server;
const admin = await signUp(server, db, { admin: true });
const alice = await signUp(server, db, { name: "Alice" });
const bob = await signUp(server, db, { name: "Bob" });

const JOIN = `mutation ($e: UUID, $q: Int) {
  joinWaitlist(input: {eventId: $e, quantity: $q}) { result { id status offer { id quantity status } } }
}`;

t.test("joinWaitlist with free tickets returns its offer", async (t) => {
  const event = await createEvent(db, admin.id, { capacity: 3, maxPerUser: 2 });
  const joined = await gql(JOIN, { e: event, q: 2 }, { token: alice.token });
  t.notOk(joined.errors);
  const entry = joined.data.joinWaitlist.result;
  t.equal(entry.status, "offered");
  t.ok(entry.offer?.id, "the offer made in the same call");
  t.same([entry.offer.quantity, entry.offer.status], [2, "active"]);
});

t.test("available is 0 while anyone waits, and booking is refused", async (t) => {
  const event = await createEvent(db, admin.id, { capacity: 2, maxPerUser: 2 });
  const book = `mutation ($e: UUID, $q: Int) { bookTickets(input: {eventId: $e, quantity: $q}) { result { id } } }`;
  t.notOk((await gql(book, { e: event, q: 1 }, { token: admin.token })).errors);
  const bobs = await gql(book, { e: event, q: 1 }, { token: bob.token });
  t.notOk(bobs.errors);
  t.equal((await gql(JOIN, { e: event, q: 2 }, { token: alice.token })).data.joinWaitlist.result.status, "waiting");
  // Bob's ticket comes back: it does not fit Alice's party of two, so it stays free for her.
  const cancel = await gql(`mutation ($b: UUID) { cancelBooking(input: {bookingId: $b}) { result { status } } }`,
    { b: bobs.data.bookTickets.result.id }, { token: bob.token });
  t.notOk(cancel.errors);
  const shown = await gql(`query ($id: UUID!) { eventById(id: $id) { capacity booked held waiting available } }`, { id: event });
  const e = shown.data.eventById;
  t.same([e.capacity - e.booked - e.held, e.waiting, e.available], [1, 1, 0], "one free, one waiting: none on sale");
  t.equal(errorCode(await gql(book, { e: event, q: 1 }, { token: bob.token })), "EVSLD", "as booking says");
});
