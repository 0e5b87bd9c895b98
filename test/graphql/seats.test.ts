// Reserved seating through GraphQL: the SQL functions under their camelCase names.
import t from "tap";
import { createTestDb } from "../helpers.ts";
import { seatMismatches } from "../seat-helpers.ts";
import { errorCode, signUp, startGraphQLServer } from "../graphql-helpers.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const admin = await signUp(server, db, { admin: true });
const alice = await signUp(server, db);
const bob = await signUp(server, db);

function ok<T = any>(res: { errors?: unknown; data?: T }): T {
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data as T;
}

t.test("layout, seated event, seat map, holdSeats, holdBestAvailable, confirmHold", async (t) => {
  const venue = ok(await server.gql(`mutation { createVenue(input: {name: "GraphQL Hall"}) { result { id } } }`, {}, admin)).createVenue.result.id;
  const added = ok(await server.gql(
    `mutation ($v: UUID!) { addSeats(input: {venueId: $v, section: "Stalls", rows: 2, seatsPerRow: 6}) { result { label } } }`,
    { v: venue }, admin,
  ));
  t.equal(added.addSeats.result.length, 12);
  const imported = ok(await server.gql(
    `mutation ($v: UUID!, $s: JSON!) { importSeats(input: {venueId: $v, seats: $s}) { result { label category } } }`,
    { v: venue, s: [{ section: "Box", row: "A", number: 1, x: 20, y: 0, category: "premium" }] }, admin,
  ));
  t.same(imported.importSeats.result, [{ label: "Box A1", category: "premium" }]);
  const bad = await server.gql(
    `mutation ($v: UUID!, $s: JSON!) { importSeats(input: {venueId: $v, seats: $s}) { result { label } } }`,
    { v: venue, s: [{ section: "Box", row: "B", number: -1, x: 0, y: 0 }] }, admin,
  );
  t.equal(errorCode(bad), "EVLAY");
  t.equal(bad.errors?.[0].extensions?.status, 400);

  const event = ok(await server.gql(
    `mutation ($v: UUID!) { createEvent(input: {name: "Seated show", startsAt: "2099-01-01T19:00:00Z", venueId: $v,
       seating: "reserved", priceCents: 2000, categoryPrices: {premium: 7000}}) { result { id capacity seating } } }`,
    { v: venue }, admin,
  )).createEvent.result;
  t.same([event.capacity, event.seating], [13, "reserved"]);

  const map = ok(await server.gql(
    `query ($e: UUID!) { eventSeatMap(eventId: $e) { nodes { seatId label x y category priceCents status } } }`,
    { e: event.id },
  )).eventSeatMap.nodes;
  t.equal(map.length, 13, "anonymous users read the seat map");
  t.same(map.find((s: any) => s.label === "Box A1"), { seatId: map.find((s: any) => s.label === "Box A1").seatId, label: "Box A1", x: "20", y: "0", category: "premium", priceCents: 7000, status: "available" });
  const seat = (label: string) => map.find((s: any) => s.label === label).seatId;

  const held = ok(await server.gql(
    `mutation ($e: UUID!, $s: [UUID]!) { holdSeats(input: {eventId: $e, seatIds: $s}) { result { id quantity seats { nodes { label } } } } }`,
    { e: event.id, s: [seat("Stalls A1"), seat("Box A1")] }, alice,
  )).holdSeats.result;
  t.equal(held.quantity, 2);
  t.same(held.seats.nodes.map((s: any) => s.label).sort(), ["Box A1", "Stalls A1"]);
  const taken = await server.gql(
    `mutation ($e: UUID!, $s: [UUID]!) { holdSeats(input: {eventId: $e, seatIds: $s}) { result { id } } }`,
    { e: event.id, s: [seat("Box A1")] }, bob,
  );
  t.equal(errorCode(taken), "EVSTK");
  t.equal(taken.errors?.[0].extensions?.status, 409);

  const best = ok(await server.gql(
    `mutation ($e: UUID!) { holdBestAvailable(input: {eventId: $e, quantity: 4, section: "Stalls"}) { result { id seats { nodes { label } } } } }`,
    { e: event.id }, bob,
  )).holdBestAvailable.result;
  t.same(best.seats.nodes.map((s: any) => s.label), ["Stalls A2", "Stalls A3", "Stalls A4", "Stalls A5"], "the 4 most central of the 5 free seats in row A");

  const booking = ok(await server.gql(
    `mutation ($h: UUID!) { confirmHold(input: {holdId: $h}) { result { id totalCents ticketsByBookingId { nodes { seat { label } } } } } }`,
    { h: held.id }, alice,
  )).confirmHold.result;
  t.equal(booking.totalCents, 9000);
  t.same(booking.ticketsByBookingId.nodes.map((n: any) => n.seat.label).sort(), ["Box A1", "Stalls A1"]);
  const after = ok(await server.gql(`query ($e: UUID!) { eventSeatMap(eventId: $e) { nodes { label status } } }`, { e: event.id })).eventSeatMap.nodes;
  t.equal(after.find((s: any) => s.label === "Box A1").status, "booked");
  t.equal(after.find((s: any) => s.label === "Stalls A4").status, "held");
  t.same(await seatMismatches(db), []);
});
