// The door over GraphQL: grantDoorStaff, checkIn (once; registered codes in extensions),
// eventCheckIns, analyticsCheckIns, myDoorStaff.
import t from "tap";
import { createEvent, createTestDb } from "../helpers.ts";
import { errorCode, signUp, startGraphQLServer } from "../graphql-helpers.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const { gql } = server;
const admin = await signUp(server, db, { admin: true });
const staff = await signUp(server, db, { name: "Dora Door" });
const holder = await signUp(server, db, { name: "Holly Holder" });

const GRANT = `mutation ($e: UUID!, $u: UUID!) { grantDoorStaff(input: {eventId: $e, userId: $u}) { result { eventId userId grantedBy grantedAt } } }`;
const REVOKE = `mutation ($e: UUID!, $u: UUID!) { revokeDoorStaff(input: {eventId: $e, userId: $u}) { result { userId } } }`;
const CHECK_IN = `mutation ($code: String!, $e: UUID) {
  checkIn(input: {code: $code, eventId: $e}) { result { ticketId code eventId eventName bookingId holderName seatLabel checkedInAt checkedInBy } }
}`;
const COUNTS = `query ($e: UUID!) { eventCheckIns(eventId: $e) { tickets checkedIn remaining lastCheckInAt } }`;

t.test("grant, check in once, EVTUS on the second scan, counts, analytics", async (t) => {
  const event = await createEvent(db, admin.id, { capacity: 5 });
  const booked = await gql(`mutation ($e: UUID) { bookTickets(input: {eventId: $e, quantity: 2}) { result { id } } }`, { e: event }, { token: holder.token });
  t.notOk(booked.errors);
  const { rows } = await db.pool.query("select code from evently.tickets where booking_id = $1 order by code", [booked.data.bookTickets.result.id]);
  const [first, second] = rows.map((r) => r.code);

  t.equal(errorCode(await gql(CHECK_IN, { code: first }, { token: staff.token })), "EVDSF");
  t.equal(errorCode(await gql(GRANT, { e: event, u: staff.id }, { token: staff.token })), "EVFBD");
  const granted = await gql(GRANT, { e: event, u: staff.id }, { token: admin.token });
  t.same(granted.data.grantDoorStaff.result.userId, staff.id);
  const mine = await gql(`{ myDoorStaff { nodes { eventId } } }`, {}, { token: staff.token });
  t.same(mine.data.myDoorStaff.nodes, [{ eventId: event }]);

  const ok = await gql(CHECK_IN, { code: first, e: event }, { token: staff.token });
  t.notOk(ok.errors);
  t.same([ok.data.checkIn.result.code, ok.data.checkIn.result.holderName, ok.data.checkIn.result.checkedInBy], [first, "Holly Holder", staff.id]);
  const again = await gql(CHECK_IN, { code: first }, { token: staff.token });
  t.equal(errorCode(again), "EVTUS");
  t.equal(again.errors?.[0].extensions?.status, 409);
  t.match(again.errors?.[0].message, /checked in at .* UTC by Dora Door/);
  t.equal(errorCode(await gql(CHECK_IN, { code: "0".repeat(32) }, { token: staff.token })), "EVTUK");
  t.equal(errorCode(await gql(CHECK_IN, { code: second })), "EVAUT");

  const counts = await gql(COUNTS, { e: event }, { token: staff.token });
  t.same(counts.data.eventCheckIns && [counts.data.eventCheckIns.tickets, counts.data.eventCheckIns.checkedIn, counts.data.eventCheckIns.remaining], [2, 1, 1]);
  t.equal(errorCode(await gql(COUNTS, { e: event }, { token: holder.token })), "EVDSF");
  const ticket = await gql(`{ myTickets { nodes { code checkedInAt } } }`, {}, { token: holder.token });
  t.ok(ticket.data.myTickets.nodes.find((n: any) => n.code === first).checkedInAt, "Ticket.checkedInAt");

  const report = await gql(`{ analyticsCheckIns(maxRows: 1000) { nodes { eventId tickets checkedIn checkInRate } } }`, {}, { token: admin.token });
  t.same(report.data.analyticsCheckIns.nodes.find((n: any) => n.eventId === event), { eventId: event, tickets: 2, checkedIn: 1, checkInRate: 0.5 });
  t.equal(errorCode(await gql(`{ analyticsCheckIns { nodes { eventId } } }`, {}, { token: staff.token })), "EVFBD");

  t.notOk((await gql(REVOKE, { e: event, u: staff.id }, { token: admin.token })).errors);
  t.equal(errorCode(await gql(CHECK_IN, { code: second }, { token: staff.token })), "EVDSF");
  t.equal(errorCode(await gql(REVOKE, { e: event, u: staff.id }, { token: admin.token })), "EVNFD");
});
