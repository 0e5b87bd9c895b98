// Reserved seating through REST: layouts, seated events, seat maps and the three shapes of
// POST /holds, with every response checked against /openapi.json (client.ts).
import t from "tap";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { assertStatusesCovered, startApi, tokenFor, isProblem } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
const adminId = await createUser(db, { admin: true });
const aliceId = await createUser(db);
const bobId = await createUser(db);
const admin = tokenFor(adminId, true);
const alice = tokenFor(aliceId);
const bob = tokenFor(bobId);
const NOWHERE = "00000000-0000-4000-8000-000000000000";
const startsAt = () => new Date(Date.now() + 7 * 86400_000).toISOString();


async function newVenue(): Promise<string> {
  const venue = await api.call("post", "/api/v1/venues", { token: admin, body: { name: `Hall ${Math.random()}` } });
  return venue.body.id;
}

t.test("venue layouts: add a section, import seats, list", async (t) => {
  const venue = await newVenue();
  const added = await api.call("post", `/api/v1/venues/${venue}/seats`, {
    token: admin, body: { section: "Stalls", rows: 2, seats_per_row: 3, category: "premium" },
  });
  t.equal(added.status, 201);
  t.equal(added.body.length, 6);
  t.same(added.body.map((s: any) => s.label).slice(0, 3), ["Stalls A1", "Stalls A2", "Stalls A3"]);
  t.equal(added.body[1].seat_rank, 0, "the centre seat ranks first");
  t.type(added.body[0].x, "number", "coordinates are JSON numbers");

  isProblem(t, await api.call("post", `/api/v1/venues/${venue}/seats`, { token: admin, body: { section: "Stalls", rows: 1, seats_per_row: 1 } }), 400, "EVLAY");
  const tooMany = await api.call("post", `/api/v1/venues/${venue}/seats`, { token: admin, body: { section: "Gallery", rows: 0, seats_per_row: 1 } });
  isProblem(t, tooMany, 400, "EVLAY");
  t.equal(tooMany.body.field, "rows", "the SQL function names the argument");
  const unknown = await api.call("post", `/api/v1/venues/${venue}/seats`, { token: admin, body: { section: "G", rows: 1, seats_per_row: 1, venue_id: venue } });
  isProblem(t, unknown, 400, "EVINV");
  t.equal(unknown.body.field, "venue_id");
  isProblem(t, await api.call("post", `/api/v1/venues/${NOWHERE}/seats`, { token: admin, body: { section: "G", rows: 1, seats_per_row: 1 } }), 404, "EVNFD");
  isProblem(t, await api.call("post", `/api/v1/venues/${venue}/seats`, { token: alice, body: { section: "G", rows: 1, seats_per_row: 1 } }), 403, "EVFBD");
  isProblem(t, await api.call("post", `/api/v1/venues/${venue}/seats`, { body: { section: "G", rows: 1, seats_per_row: 1 } }), 401, "EVAUT");

  const imported = await api.call("post", `/api/v1/venues/${venue}/seats/import`, {
    token: admin,
    body: [
      { section: "Box", row: "1", number: 1, x: 50, y: 0.5 },
      { section: "Box", row: "1", number: 2, x: 51, y: 0.5, category: "vip", label: "Royal box 2" },
    ],
  });
  t.equal(imported.status, 201);
  t.same(imported.body.map((s: any) => [s.label, s.category, s.y]), [["Box 11", "standard", 0.5], ["Royal box 2", "vip", 0.5]]);
  const bad = await api.call("post", `/api/v1/venues/${venue}/seats/import`, {
    token: admin, body: [{ section: "Box2", row: "1", number: 1, x: 1, y: 1 }, { section: "Box2", row: "1", number: 2, x: "left", y: 1 }],
  });
  isProblem(t, bad, 400, "EVLAY");
  t.equal(bad.body.field, "seats[1].x", "the field names the seat and its field");
  isProblem(t, await api.call("post", `/api/v1/venues/${venue}/seats/import`, { token: admin, body: { seats: [] } }), 400, "EVINV");
  isProblem(t, await api.call("post", `/api/v1/venues/${venue}/seats/import`, { token: admin, body: [] }), 400, "EVLAY");
  isProblem(t, await api.call("post", `/api/v1/venues/${NOWHERE}/seats/import`, { token: admin, body: [{ section: "A", row: "1", number: 1, x: 1, y: 1 }] }), 404, "EVNFD");
  isProblem(t, await api.call("post", `/api/v1/venues/${venue}/seats/import`, { token: bob, body: [] }), 403, "EVFBD");
  isProblem(t, await api.call("post", `/api/v1/venues/${venue}/seats/import`, { body: [] }), 401, "EVAUT");

  const listed = await api.call("get", `/api/v1/venues/${venue}/seats`);
  t.equal(listed.status, 200);
  t.equal(listed.body.length, 8, "nothing of the failed import was written");
  t.same((await api.call("get", `/api/v1/venues/${NOWHERE}/seats`)).body, []);
  isProblem(t, await api.call("get", "/api/v1/venues/nope/seats"), 400, "EVINV");
});

t.test("seated events: create, seat map, update", async (t) => {
  const venue = await newVenue();
  await api.call("post", `/api/v1/venues/${venue}/seats`, { token: admin, body: { section: "Stalls", rows: 2, seats_per_row: 4 } });
  await api.call("post", `/api/v1/venues/${venue}/seats`, { token: admin, body: { section: "Circle", rows: 1, seats_per_row: 2, category: "premium" } });

  const created = await api.call("post", "/api/v1/events", {
    token: admin,
    body: { name: "Opera", starts_at: startsAt(), venue_id: venue, seating: "reserved", price_cents: 2000, category_prices: { premium: 9000 }, offer_ttl: "PT10M" },
  });
  t.equal(created.status, 201);
  t.same([created.body.seating, created.body.capacity, created.body.offer_ttl], ["reserved", 10, "PT600S"], "capacity is the seat count");

  const map = await api.call("get", `/api/v1/events/${created.body.id}/seats`);
  t.equal(map.status, 200);
  t.equal(map.body.length, 10);
  t.same(new Set(map.body.map((s: any) => `${s.category}:${s.price_cents}`)), new Set(["standard:2000", "premium:9000"]));
  t.ok(map.body.every((s: any) => s.status === "available"));
  t.notOk("hold_id" in map.body[0], "the map never says who holds a seat");
  t.same((await api.call("get", `/api/v1/events/${NOWHERE}/seats`)).body, []);
  isProblem(t, await api.call("get", "/api/v1/events/nope/seats"), 400, "EVINV");

  isProblem(t, await api.call("post", "/api/v1/events", { token: admin, body: { name: "X", starts_at: startsAt(), venue_id: venue, seating: "reserved", capacity: 3 } }), 409, "EVSEA");
  isProblem(t, await api.call("post", "/api/v1/events", { token: admin, body: { name: "X", starts_at: startsAt(), capacity: 3, category_prices: { vip: 1 } } }), 409, "EVSEA");
  isProblem(t, await api.call("post", "/api/v1/events", { token: admin, body: { name: "X", starts_at: startsAt(), venue_id: await newVenue(), seating: "reserved" } }), 400, "EVLAY");
  const negative = await api.call("post", "/api/v1/events", { token: admin, body: { name: "X", starts_at: startsAt(), venue_id: venue, seating: "reserved", category_prices: { premium: -1 } } });
  isProblem(t, negative, 400, "EVINV");
  t.equal(negative.body.field, "category_prices");
  const badTtl = await api.call("post", "/api/v1/events", { token: admin, body: { name: "X", starts_at: startsAt(), capacity: 3, offer_ttl: "10 minutes" } });
  isProblem(t, badTtl, 400, "EVINV");
  t.equal(badTtl.body.field, "offer_ttl");
  const shortTtl = await api.call("post", "/api/v1/events", { token: admin, body: { name: "X", starts_at: startsAt(), capacity: 3, offer_ttl: "PT5S" } });
  t.equal(shortTtl.body.field, "offer_ttl", "the range is SQL's to check");
  const noCapacity = await api.call("post", "/api/v1/events", { token: admin, body: { name: "X", starts_at: startsAt() } });
  isProblem(t, noCapacity, 400, "EVINV");
  t.equal(noCapacity.body.field, "capacity", "general admission still needs a capacity");

  const updated = await api.call("patch", `/api/v1/events/${created.body.id}`, { token: admin, body: { offer_ttl: "PT1H" } });
  t.equal(updated.body.offer_ttl, "PT3600S");
  isProblem(t, await api.call("patch", `/api/v1/events/${created.body.id}`, { token: admin, body: { capacity: 4 } }), 409, "EVSEA");
  isProblem(t, await api.call("patch", `/api/v1/events/${created.body.id}`, { token: admin, body: { seating: "general" } }), 400, "EVINV");
});

t.test("seat holds: exact seats, best available, seats in responses, confirm", async (t) => {
  const venue = await newVenue();
  await api.call("post", `/api/v1/venues/${venue}/seats`, { token: admin, body: { section: "Stalls", rows: 2, seats_per_row: 5 } });
  await api.call("post", `/api/v1/venues/${venue}/seats`, { token: admin, body: { section: "Circle", rows: 1, seats_per_row: 4, category: "premium" } });
  const event = (await api.call("post", "/api/v1/events", {
    token: admin, body: { name: "Ballet", starts_at: startsAt(), venue_id: venue, seating: "reserved", price_cents: 1000, category_prices: { premium: 5000 } },
  })).body.id;
  const seats = new Map<string, string>((await api.call("get", `/api/v1/events/${event}/seats`)).body.map((s: any) => [s.label, s.seat_id]));

  const exact = await api.call("post", "/api/v1/holds", { token: alice, body: { event_id: event, seat_ids: [seats.get("Stalls A1"), seats.get("Stalls A2")] } });
  t.equal(exact.status, 201);
  t.equal(exact.body.quantity, 2);
  t.same(exact.body.seats.map((s: any) => s.label), ["Stalls A1", "Stalls A2"], "the hold lists its seats");
  t.equal((await api.call("get", `/api/v1/holds/${exact.body.id}`, { token: alice })).body.seats.length, 2);
  const map = (await api.call("get", `/api/v1/events/${event}/seats`)).body;
  t.equal(map.find((s: any) => s.label === "Stalls A1").status, "held");

  const taken = await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, seat_ids: [seats.get("Stalls A2"), seats.get("Stalls A3")] } });
  isProblem(t, taken, 409, "EVSTK");
  isProblem(t, await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, seat_ids: [NOWHERE] } }), 404, "EVNFD");
  const badSeat = await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, seat_ids: ["A1"] } });
  isProblem(t, badSeat, 400, "EVINV");
  t.equal(badSeat.body.field, "seat_ids", "the shape the client meant is the one reported");
  const repeated = await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, seat_ids: [seats.get("Stalls B1"), seats.get("Stalls B1")] } });
  isProblem(t, repeated, 400, "EVINV");
  const mixed = await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, seat_ids: [seats.get("Stalls B1")], quantity: 1 } });
  isProblem(t, mixed, 400, "EVINV");
  t.match(mixed.body.detail, /none of the accepted shapes/);
  isProblem(t, await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, quantity: 1, best_available: false } }), 400, "EVINV");
  isProblem(t, await api.call("post", "/api/v1/holds", { body: { event_id: event, seat_ids: [seats.get("Stalls B1")] } }), 401, "EVAUT");

  const best = await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, quantity: 3, best_available: true, section: "Stalls" } });
  t.equal(best.status, 201);
  t.same(best.body.seats.map((s: any) => s.label).sort(), ["Stalls A3", "Stalls A4", "Stalls A5"], "adjacent, in the best row with room");
  const premium = await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, quantity: 2, best_available: true, category: "premium" } });
  t.same(premium.body.seats.map((s: any) => s.price_cents), [5000, 5000]);
  isProblem(t, await api.call("post", "/api/v1/holds", { token: alice, body: { event_id: event, quantity: 5, best_available: true, category: "premium" } }), 409, "EVSLD");
  const plain = await api.call("post", "/api/v1/holds", { token: alice, body: { event_id: event, quantity: 1 } });
  t.equal(plain.body.seats.length, 1, "{event_id, quantity} takes the best seat of a reserved event");

  const general = await createEvent(db, adminId, { capacity: 10 });
  isProblem(t, await api.call("post", "/api/v1/holds", { token: alice, body: { event_id: general, seat_ids: [seats.get("Stalls B1")] } }), 409, "EVSEA");
  isProblem(t, await api.call("post", "/api/v1/holds", { token: alice, body: { event_id: general, quantity: 1, best_available: true } }), 409, "EVSEA");
  t.same((await api.call("post", "/api/v1/holds", { token: alice, body: { event_id: general, quantity: 1 } })).body.seats, [], "general admission holds have no seats");

  const booking = await api.call("post", `/api/v1/holds/${exact.body.id}/confirm`, { token: alice });
  t.equal(booking.status, 201);
  t.equal(booking.body.total_cents, 2000);
  const after = (await api.call("get", `/api/v1/events/${event}/seats`)).body;
  t.equal(after.find((s: any) => s.label === "Stalls A1").status, "booked");
  t.same((await api.call("get", `/api/v1/holds/${exact.body.id}`, { token: alice })).body.seats, [], "a confirmed hold holds no seats");
});

t.test("behind a waiting room: 403 EVQAD until admitted", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 5 });
  const opened = await api.call("post", `/api/v1/events/${event}/waiting-room`, {
    token: admin, body: { opens_at: new Date(Date.now() + 3_600_000).toISOString(), admission_rate: 10 },
  });
  t.equal(opened.status, 200);
  const refused = await api.call("post", `/api/v1/holds`, { token: alice, body: { event_id: event, quantity: 1 } });
  t.same([refused.status, refused.body.code], [403, "EVQAD"], "not admitted: EVQAD");
});

t.test("every new route answered each documented status, matching /openapi.json", async (t) => {
  assertStatusesCovered(t, api, [
    "post /api/v1/venues/{id}/seats",
    "post /api/v1/venues/{id}/seats/import",
    "get /api/v1/venues/{id}/seats",
    "get /api/v1/events/{id}/seats",
    "post /api/v1/holds",
  ]);
});
