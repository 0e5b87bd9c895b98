// Ticket types through GraphQL: the type list with what is left on an event, booking one by
// type, and EVTTR when a v1 call cannot tell which type.
import t from "tap";
import { createEvent, createTestDb, createUser, sqlAs } from "../helpers.ts";
import { startGraphQLServer } from "../graphql-helpers.ts";
import { signToken } from "../../src/auth/tokens.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const adminId = await createUser(db, { admin: true });
const aliceId = await createUser(db);
const token = (userId: string) => signToken({ role: "evently_user", user_id: userId, exp: Math.floor(Date.now() / 1000) + 600 }, server.jwtSecret);

t.test("list types, book one, EVTTR without a type", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 10 });
  const [vip] = await sqlAs(db.pool, adminId, "select id from evently.create_ticket_type($1, 'VIP', 2, 9000)", [event]);
  await sqlAs(db.pool, adminId, "select id from evently.create_ticket_type($1, 'Standard', 8, 2000)", [event]);
  const booked = await server.gql(
    `mutation ($t: UUID!) { bookTicketType(input: {ticketTypeId: $t, quantity: 2, idempotencyKey: "gql-tt-1"}) { result { quantity totalCents ticketTypeId } } }`,
    { t: vip.id }, { token: token(aliceId) });
  t.same(booked.data?.bookTicketType?.result, { quantity: 2, totalCents: 18000, ticketTypeId: vip.id });
  const listed = await server.gql(
    `query ($e: UUID!) { eventById(id: $e) { available ticketTypesByEventId(orderBy: NAME_ASC) { nodes { name priceCents booked available } } } }`,
    { e: event });
  t.same(listed.data?.eventById, {
    available: 8,
    ticketTypesByEventId: { nodes: [{ name: "Standard", priceCents: 2000, booked: 0, available: 8 }, { name: "VIP", priceCents: 9000, booked: 2, available: 0 }] },
  });
  const v1 = await server.gql(`mutation ($e: UUID!) { bookTickets(input: {eventId: $e, quantity: 1}) { result { id } } }`,
    { e: event }, { token: token(aliceId) });
  t.equal(v1.errors?.[0]?.extensions?.code, "EVTTR");
  const sold = await server.gql(`mutation ($t: UUID!) { holdTicketType(input: {ticketTypeId: $t, quantity: 1}) { result { id } } }`,
    { t: vip.id }, { token: token(await createUser(db)) });
  t.equal(sold.errors?.[0]?.extensions?.code, "EVSLD");
});

t.test("joinTicketTypeWaitlist: a sold-out type's own line; the type shows who waits", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 10 });
  const [vip] = await sqlAs(db.pool, adminId, "select id from evently.create_ticket_type($1, 'VIP', 1)", [event]);
  await sqlAs(db.pool, adminId, "select id from evently.create_ticket_type($1, 'Standard', 8)", [event]);
  await sqlAs(db.pool, aliceId, "select evently.book_ticket_type($1, 1)", [vip.id]);
  const bob = await createUser(db);
  const joined = await server.gql(
    `mutation ($t: UUID!) { joinTicketTypeWaitlist(input: {ticketTypeId: $t, quantity: 1}) { result { status ticketTypeId eventId } } }`,
    { t: vip.id }, { token: token(bob) });
  t.same(joined.data?.joinTicketTypeWaitlist?.result, { status: "waiting", ticketTypeId: vip.id, eventId: event });
  const again = await server.gql(
    `mutation ($t: UUID!) { joinTicketTypeWaitlist(input: {ticketTypeId: $t, quantity: 1}) { result { id } } }`,
    { t: vip.id }, { token: token(bob) });
  t.equal(again.errors?.[0]?.extensions?.code, "EVWLD");
  const v1 = await server.gql(`mutation ($e: UUID!) { joinWaitlist(input: {eventId: $e, quantity: 1}) { result { id } } }`,
    { e: event }, { token: token(bob) });
  t.equal(v1.errors?.[0]?.extensions?.code, "EVTTR", "joinWaitlist cannot tell which type's line");
  const listed = await server.gql(
    `query ($e: UUID!) { eventById(id: $e) { available ticketTypesByEventId(orderBy: NAME_ASC) { nodes { name waiting available } } } }`,
    { e: event });
  t.same(listed.data?.eventById, {
    available: 8,
    ticketTypesByEventId: { nodes: [{ name: "Standard", waiting: 0, available: 8 }, { name: "VIP", waiting: 1, available: 0 }] },
  });
});
