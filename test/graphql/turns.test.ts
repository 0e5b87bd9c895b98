// GRAPHQL_CONCURRENCY (src/graphql/turns.ts): operations beyond the limit wait their turn in
// arrival order, a client gone while waiting gets none, and every request still gets its own
// answer; with one turn, concurrent bookings reach the batcher one at a time.
import t from "tap";
import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { createEvent, createTestDb, createUser, createUsers } from "../helpers.ts";
import { startGraphQLServer } from "../graphql-helpers.ts";
import { signToken } from "../../src/auth/tokens.ts";
import { makeTurns } from "../../src/graphql/turns.ts";

t.test("turns: at most the limit in progress, the rest in arrival order, none for a client gone", async (t) => {
  const turns = makeTurns(2);
  const responses = Array.from({ length: 5 }, () => new EventEmitter() as unknown as ServerResponse);
  const started: number[] = [];
  responses.forEach((res, i) => turns.take(res, () => started.push(i)));
  t.same(started, [0, 1], "two start at once");
  t.equal(turns.waiting(), 3, "three wait");
  responses[3].emit("close"); // its client went away while waiting
  t.equal(turns.waiting(), 2, "it no longer counts as waiting");
  responses[1].emit("close");
  t.same(started, [0, 1, 2], "the first waiting one starts when a turn ends");
  responses[0].emit("close");
  t.same(started, [0, 1, 2, 4], "the one whose client left is skipped");
  t.equal(turns.waiting(), 0, "none waits");
  responses[2].emit("close");
  responses[4].emit("close");
  const later = new EventEmitter() as unknown as ServerResponse;
  turns.take(later, () => started.push(5));
  t.same(started.at(-1), 5, "turns ended are free again");

  const unlimited = makeTurns(0);
  let n = 0;
  for (let i = 0; i < 100; i++) unlimited.take(new EventEmitter() as unknown as ServerResponse, () => n++);
  t.equal(n, 100, "a limit of 0 lets every request start");
});

t.test("one turn: concurrent bookTickets each answered, sold out exactly, never batched", async (t) => {
  const db = await createTestDb(t);
  const server = await startGraphQLServer(t, db, { graphqlConcurrency: 1 });
  const admin = await createUser(db, { admin: true });
  const event = await createEvent(db, admin, { capacity: 20, maxPerUser: 2 });
  const users = await createUsers(db, 30);
  const token = (userId: string) => signToken({ role: "evently_user", user_id: userId, exp: Math.floor(Date.now() / 1000) + 600 }, server.jwtSecret);
  const BOOK = `mutation ($e: UUID!, $k: String) { bookTickets(input: {eventId: $e, quantity: 1, idempotencyKey: $k}) { result { id userId } } }`;
  const before = { ...server.bookingBatch!.stats };
  const replies = await Promise.all([
    ...users.map((u, i) => server.gql(BOOK, { e: event, k: `turn-${i}` }, { token: token(u) })),
    server.gql(`{ eventById(id: "${event}") { name } }`),
  ]);
  const bookings = replies.slice(0, -1);
  const code = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code ?? "ok";
  t.equal(bookings.filter((r) => code(r) === "ok").length, 20, "exactly the capacity booked");
  t.ok(bookings.every((r) => ["ok", "EVSLD"].includes(code(r))), "the others are sold out, each with its own answer");
  bookings.forEach((r, i) => { if (code(r) === "ok") t.equal((r.data as any).bookTickets.result.userId, users[i], "the booking is the caller's"); });
  t.ok((replies.at(-1)!.data as any)?.eventById?.name, "a query waiting among them is answered");
  t.equal(server.bookingBatch!.stats.batches, before.batches, "no batch formed: one operation at a time");
  t.equal(server.bookingBatch!.stats.singles - before.singles, 20 + bookings.filter((r) => code(r) === "EVSLD").length, "each booking went alone");
  const { rows: [counts] } = await db.pool.query(
    "select e.booked, (select count(*)::int from evently.bookings b where b.event_id = e.id) as n from evently.events e where e.id = $1", [event]);
  t.same(counts, { booked: 20, n: 20 }, "counter = rows");
});
