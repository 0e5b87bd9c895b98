// bookTickets with batching off (BOOKING_BATCH=off): the schema is built without the
// batching plugin (a variant of its own, src/graphql/schema.ts), so PostGraphile's own
// mutation books and selects the booking's columns in one statement, one connection
// checkout, where the batching plugin's plan takes two (the call, then the booking read back
// by id). The answers are the same: the payload's Booking fields, clientMutationId, registered errors,
// idempotent replays, and the capacity under concurrency.
import t from "tap";
import type pg from "pg";
import { createEvent, createTestDb, createUser, createUsers } from "../helpers.ts";
import { errorCode, startGraphQLServer, type GraphQLServer } from "../graphql-helpers.ts";
import { signToken } from "../../src/auth/tokens.ts";

const db = await createTestDb(t);
// No live-update relay: its rounds would check connections out of the pool being counted.
const plain = await startGraphQLServer(t, db, { bookingBatch: false, liveUpdatesRelayMs: 0 });
const batching = await startGraphQLServer(t, db, { liveUpdatesRelayMs: 0 });
const admin = await createUser(db, { admin: true });
const token = (server: GraphQLServer, userId: string) =>
  signToken({ role: "evently_user", user_id: userId, exp: Math.floor(Date.now() / 1000) + 600 }, server.jwtSecret);

const BOOK = `mutation ($e: UUID!, $q: Int!, $k: String, $c: String) {
  bookTickets(input: {eventId: $e, quantity: $q, idempotencyKey: $k, clientMutationId: $c}) {
    clientMutationId
    result { id eventId userId quantity status ticketsByBookingId { nodes { code } } }
  }
}`;

/** Connections the pool handed out while fn ran. */
async function checkouts(pool: pg.Pool, fn: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const count = () => void n++;
  pool.on("acquire", count);
  try {
    await fn();
  } finally {
    pool.off("acquire", count);
  }
  return n;
}

t.test("a booking whose payload is the booking's columns: one connection checkout without batching, two with", async (t) => {
  t.equal(plain.bookingBatch, undefined, "batching is off in this app");
  const event = await createEvent(db, admin, { capacity: 10 });
  const [a, b, c] = await createUsers(db, 3);
  const FLAT = `mutation ($e: UUID!, $k: String, $c: String) {
    bookTickets(input: {eventId: $e, quantity: 2, idempotencyKey: $k, clientMutationId: $c}) {
      clientMutationId
      result { id eventId userId quantity status }
    }
  }`;
  let reply: Awaited<ReturnType<GraphQLServer["gql"]>> | undefined;
  t.equal(await checkouts(plain.pool, async () => (reply = await plain.gql(FLAT, { e: event, k: "one", c: "m-1" }, { token: token(plain, a) }))), 1,
    "the call and its payload in one statement");
  t.equal(errorCode(reply!), undefined, "it booked");
  t.same(reply!.data.bookTickets, { clientMutationId: "m-1", result: { id: reply!.data.bookTickets.result.id, eventId: event, userId: a, quantity: 2, status: "confirmed" } });
  t.equal(await checkouts(batching.pool, () => batching.gql(FLAT, { e: event, k: "two" }, { token: token(batching, b) })), 2,
    "the batching plugin's plan: the call, then the booking read back by id");
  // Related rows are a query of their own in PostGraphile's mutation too.
  const nested = await plain.gql(BOOK, { e: event, q: 1, k: "three" }, { token: token(plain, c) });
  t.equal(nested.data.bookTickets.result.ticketsByBookingId.nodes.length, 1, "a payload with the tickets still has them");
});

t.test("without batching: replays, registered errors and sold out exactly under concurrency", async (t) => {
  const event = await createEvent(db, admin, { capacity: 30, maxPerUser: 2 });
  const users = await createUsers(db, 45);
  const first = await plain.gql(BOOK, { e: event, q: 1, k: "same" }, { token: token(plain, users[0]) });
  const again = await plain.gql(BOOK, { e: event, q: 1, k: "same" }, { token: token(plain, users[0]) });
  t.equal(again.data.bookTickets.result.id, first.data.bookTickets.result.id, "an idempotent replay answers the same booking");
  t.equal(errorCode(await plain.gql(BOOK, { e: event, q: 3, k: "big" }, { token: token(plain, users[1]) })), "EVLIM", "over the per-user limit");
  t.equal(errorCode(await plain.gql(BOOK, { e: event, q: 1, k: "bad key" }, { token: token(plain, users[1]) })), "EVIDK", "a malformed key");
  t.equal(errorCode(await plain.gql(BOOK, { e: event, q: 1 })), "EVAUT", "anonymous");
  const replies = await Promise.all(users.slice(1).map((u, i) => plain.gql(BOOK, { e: event, q: 1, k: `c-${i}` }, { token: token(plain, u) })));
  t.ok(replies.every((r) => [undefined, "EVSLD"].includes(errorCode(r))), "every call is booked or EVSLD");
  t.equal(replies.filter((r) => errorCode(r) === undefined).length, 29, "the 29 seats left were booked, no more");
  const { rows: [row] } = await db.pool.query(
    "select booked, (select coalesce(sum(quantity), 0)::int from evently.bookings b where b.event_id = e.id) as rows from evently.events e where e.id = $1", [event]);
  t.same(row, { booked: 30, rows: 30 }, "sold out exactly, counter = rows");
});
