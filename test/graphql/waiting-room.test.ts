// Waiting rooms through GraphQL: the SQL functions as mutations and queries, computed columns
// on QueueEntry and WaitingRoom, EVQAD as the error's code.
import t from "tap";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { startGraphQLServer } from "../graphql-helpers.ts";
import { signToken } from "../../src/auth/tokens.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const adminId = await createUser(db, { admin: true });
const aliceId = await createUser(db);
const token = (userId: string, role: "evently_user" | "evently_admin" = "evently_user") =>
  signToken({ role, user_id: userId, exp: Math.floor(Date.now() / 1000) + 600 }, server.jwtSecret);

t.test("open, join, refused until admitted, then book", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 5 });
  const opened = await server.gql(
    `mutation ($e: UUID!, $at: Datetime!) { openWaitingRoom(input: {eventId: $e, opensAt: $at, admissionRate: 60}) {
       result { eventId admissionRate admissionWindow { minutes } waiting } } }`,
    { e: event, at: new Date(Date.now() + 3_600_000).toISOString() },
    { token: token(adminId, "evently_admin") },
  );
  t.same(opened.errors, undefined);
  t.same(opened.data.openWaitingRoom.result, { eventId: event, admissionRate: 60, admissionWindow: { minutes: 10 }, waiting: "0" });

  const refused = await server.gql(`mutation ($e: UUID!) { bookTickets(input: {eventId: $e, quantity: 1}) { clientMutationId } }`,
    { e: event }, { token: token(aliceId) });
  t.equal(refused.errors?.[0]?.extensions?.code, "EVQAD", "booking before admission: EVQAD");

  const joined = await server.gql(`mutation ($e: UUID!) { joinQueue(input: {eventId: $e}) { result { status peopleAhead admittedNow } } }`,
    { e: event }, { token: token(aliceId) });
  t.same(joined.data.joinQueue.result, { status: "waiting", peopleAhead: "0", admittedNow: false });

  await db.pool.query("update evently.waiting_rooms set opens_at = now(), counting_since = now() - interval '1 minute' where event_id = $1", [event]);
  await db.pool.query("select evently_private.run_waiting_room($1)", [event]);
  const mine = await server.gql(`query ($e: UUID!) { myQueueEntry(eventId: $e) { status admittedNow admissionExpiresAt } }`,
    { e: event }, { token: token(aliceId) });
  t.same([mine.data.myQueueEntry.status, mine.data.myQueueEntry.admittedNow], ["admitted", true]);
  const booked = await server.gql(`mutation ($e: UUID!) { bookTickets(input: {eventId: $e, quantity: 1}) { result { quantity } } }`,
    { e: event }, { token: token(aliceId) });
  t.same(booked.data?.bookTickets?.result, { quantity: 1 }, "admitted: books");

  const noRoom = await server.gql(`mutation ($e: UUID!) { joinQueue(input: {eventId: $e}) { result { id } } }`,
    { e: await createEvent(db, adminId) }, { token: token(aliceId) });
  t.equal(noRoom.errors?.[0]?.extensions?.code, "EVQNR");
  const notAdmin = await server.gql(`mutation ($e: UUID!) { closeWaitingRoom(input: {eventId: $e}) { result { eventId } } }`,
    { e: event }, { token: token(aliceId) });
  t.equal(notAdmin.errors?.[0]?.extensions?.code, "EVFBD");
});
