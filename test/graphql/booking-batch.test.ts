// bookTickets with batching on (the default): concurrent calls for one event are grouped
// into evently_private.book_tickets_batch, and every call still gets its own payload or its
// own registered error; the payload's Booking fields and clientMutationId work as before.
import t from "tap";
import { createEvent, createTestDb, createUser, createUsers } from "../helpers.ts";
import { startGraphQLServer } from "../graphql-helpers.ts";
import { signToken } from "../../src/auth/tokens.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const admin = await createUser(db, { admin: true });
const token = (userId: string) => signToken({ role: "evently_user", user_id: userId, exp: Math.floor(Date.now() / 1000) + 600 }, server.jwtSecret);

const code = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code ?? "ok";
const bookedAndRows = async (event: string) =>
  (await db.pool.query("select booked, (select count(*)::int from evently.bookings b where b.event_id = e.id) as n from evently.events e where e.id = $1", [event])).rows[0];

const BOOK = `mutation ($e: UUID!, $q: Int!, $k: String, $c: String) {
  bookTickets(input: {eventId: $e, quantity: $q, idempotencyKey: $k, clientMutationId: $c}) {
    clientMutationId
    result { id eventId userId quantity status ticketsByBookingId { nodes { code } } }
  }
}`;

// Two rounds: the per-user limit is checked where capacity cannot run out first (47 calls
// for 50 seats, so the greedy user's third call can only be EVLIM), and sold-out is
// checked where it must (45 calls for 30 seats).
t.test("concurrent bookTickets: grouped, each with its own answer", async (t) => {
  const event = await createEvent(db, admin, { capacity: 50, maxPerUser: 2 });
  const users = await createUsers(db, 45);
  const before = server.bookingBatch!.stats.batches;
  const calls = [
    ...[1, 2, 3].map((i) => ({ user: users[0], q: 1, k: `greedy-${i}` })),
    { user: users[1], q: 1, k: "bad key" },
    ...users.slice(2).map((u, i) => ({ user: u, q: 1, k: `k-${i}` })),
  ];
  const replies = await Promise.all(calls.map((c, i) => server.gql(BOOK, { e: event, q: c.q, k: c.k, c: `m-${i}` }, { token: token(c.user) })));
  t.ok(server.bookingBatch!.stats.batches > before, "the calls were grouped into batches");
  t.same(replies.slice(0, 3).map(code).sort(), ["EVLIM", "ok", "ok"], "the per-user limit holds inside a group");
  t.equal(code(replies[3]), "EVIDK", "a bad key is that call's own error");
  t.same(replies.slice(4).map(code), replies.slice(4).map(() => "ok"), "every other call booked");
  replies.forEach((r, i) => {
    if (code(r) !== "ok") return;
    const p = r.data.bookTickets;
    t.equal(p.clientMutationId, `m-${i}`, "clientMutationId comes back");
    t.equal(p.result.userId, calls[i].user, "the booking is the caller's");
    t.equal(p.result.ticketsByBookingId.nodes.length, 1, "with its ticket");
  });
  t.same(await bookedAndRows(event), { booked: 45, n: 45 }, "counter = rows");
});

t.test("concurrent bookTickets past capacity: sold out exactly, each refusal its own", async (t) => {
  const event = await createEvent(db, admin, { capacity: 30, maxPerUser: 2 });
  const users = await createUsers(db, 45);
  const replies = await Promise.all(users.map((u, i) => server.gql(BOOK, { e: event, q: 1, k: `s-${i}`, c: `s-${i}` }, { token: token(u) })));
  t.ok(replies.every((r) => ["ok", "EVSLD"].includes(code(r))), "every call is booked or EVSLD");
  t.equal(replies.filter((r) => code(r) === "ok").length, 30, "exactly the capacity was booked");
  t.same(await bookedAndRows(event), { booked: 30, n: 30 }, "sold out exactly, counter = rows");
});

t.test("anonymous bookTickets is still EVAUT", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5 });
  const r = await server.gql(BOOK, { e: event, q: 1 });
  t.equal(r.errors?.[0]?.extensions?.code, "EVAUT");
});
