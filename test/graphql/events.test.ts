// Venues and events over HTTP GraphQL: admins create them, others get EVFBD/EVAUT;
// anyone may browse upcomingEvents (with its filters), allEvents and the available field.
import t from "tap";
import { randomUUID } from "node:crypto";
import { createTestDb } from "../helpers.ts";
import { errorCode, signUp, startGraphQLServer } from "../graphql-helpers.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const { gql } = server;
const admin = await signUp(server, db, { admin: true });
const alice = await signUp(server, db);

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const unique = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;

const CREATE_VENUE = `mutation ($name: String, $city: String, $country: String) {
  createVenue(input: {name: $name, city: $city, country: $country}) { result { id name city country createdBy } }
}`;
const CREATE_EVENT = `mutation ($input: CreateEventInput!) {
  createEvent(input: $input) {
    result { id name startsAt capacity venueId priceCents maxTicketsPerUser holdTtl { minutes } status seating
             held booked available createdBy venueByVenueId { name } }
  }
}`;
const UPCOMING = `query ($startsAfter: Datetime, $startsBefore: Datetime, $city: String, $venueId: UUID) {
  upcomingEvents(startsAfter: $startsAfter, startsBefore: $startsBefore, city: $city, venueId: $venueId) {
    nodes { id name startsAt available status venueId }
  }
}`;

async function createVenue(name: string, city: string | null, token = admin.token) {
  return gql(CREATE_VENUE, { name, city, country: "PT" }, { token });
}

async function createEvent(input: Record<string, unknown>, token = admin.token) {
  return gql(CREATE_EVENT, { input: { name: unique("Event"), startsAt: inDays(30), capacity: 50, ...input } }, { token });
}

/** Creates an event that must succeed, returning its id. */
async function newEvent(input: Record<string, unknown>): Promise<string> {
  const res = await createEvent(input);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createEvent.result.id;
}

const countRows = async (table: "venues" | "events", name: string) =>
  (await db.pool.query(`select count(*)::int as n from evently.${table} where name = $1`, [name])).rows[0].n as number;

t.test("an admin creates a venue and an event through the mutations", async (t) => {
  const venueName = unique("Coliseu");
  const venue = await createVenue(venueName, "Lisbon");
  t.equal(venue.status, 200);
  t.notOk(venue.errors);
  const v = venue.data.createVenue.result;
  t.same([v.name, v.city, v.country, v.createdBy], [venueName, "Lisbon", "PT", admin.id]);
  const [venueRow] = (await db.pool.query("select name, city, created_by from evently.venues where id = $1", [v.id])).rows;
  t.same(venueRow, { name: venueName, city: "Lisbon", created_by: admin.id }, "the venue row exists");

  const startsAt = inDays(12);
  const name = unique("Fado night");
  const event = await createEvent({
    name, startsAt, capacity: 120, venueId: v.id, priceCents: 2500, maxTicketsPerUser: 6, holdTtl: { minutes: 7 },
  });
  t.notOk(event.errors);
  const e = event.data.createEvent.result;
  t.equal(e.name, name);
  t.equal(new Date(e.startsAt).getTime(), new Date(startsAt).getTime());
  t.same(
    [e.capacity, e.venueId, e.priceCents, e.maxTicketsPerUser, e.holdTtl.minutes, e.status, e.seating, e.held, e.booked],
    [120, v.id, 2500, 6, 7, "published", "general", 0, 0],
  );
  t.equal(e.available, 120, "nothing sold yet");
  t.equal(e.createdBy, admin.id);
  t.equal(e.venueByVenueId.name, venueName, "the venue relation resolves");
  const [row] = (await db.pool.query(
    "select capacity, price_cents, hold_ttl = interval '7 minutes' as ttl_ok, created_by from evently.events where id = $1",
    [e.id],
  )).rows;
  t.same(row, { capacity: 120, price_cents: 2500, ttl_ok: true, created_by: admin.id }, "the event row exists");
  const audit = await db.pool.query("select actor_id from evently.audit_log where subject_id = $1 and action = 'event.created'", [e.id]);
  t.same(audit.rows, [{ actor_id: admin.id }], "creation is audited with the admin as actor");
});

t.test("event validation errors come back as EVINV / EVNFD naming the field", async (t) => {
  const past = await createEvent({ startsAt: inDays(-1) });
  t.equal(errorCode(past), "EVINV");
  t.equal(past.errors?.[0].extensions?.field, "starts_at");
  t.equal(past.errors?.[0].extensions?.status, 400);
  const noCapacity = await createEvent({ capacity: 0 });
  t.equal(errorCode(noCapacity), "EVINV");
  t.equal(noCapacity.errors?.[0].extensions?.field, "capacity");
  const noVenue = await createEvent({ venueId: "00000000-0000-0000-0000-000000000000" });
  t.equal(errorCode(noVenue), "EVNFD");
  t.equal(noVenue.errors?.[0].extensions?.status, 404);
  t.equal(noVenue.errors?.[0].extensions?.field, "venue_id");
});

t.test("a non-admin gets EVFBD (403) and an anonymous caller EVAUT (401); nothing is written", async (t) => {
  const venueName = unique("Not allowed");
  const asUser = await createVenue(venueName, "Lisbon", alice.token);
  t.equal(errorCode(asUser), "EVFBD");
  t.equal(asUser.errors?.[0].extensions?.status, 403);
  t.equal(asUser.data?.createVenue ?? null, null);
  const anonVenue = await gql(CREATE_VENUE, { name: venueName, city: "Lisbon" });
  t.equal(errorCode(anonVenue), "EVAUT");
  t.equal(anonVenue.errors?.[0].extensions?.status, 401);
  t.equal(await countRows("venues", venueName), 0, "no venue was created");

  const eventName = unique("Not allowed");
  const userEvent = await createEvent({ name: eventName }, alice.token);
  t.equal(errorCode(userEvent), "EVFBD");
  t.equal(userEvent.errors?.[0].extensions?.status, 403);
  const anonEvent = await gql(CREATE_EVENT, { input: { name: eventName, startsAt: inDays(5), capacity: 5 } });
  t.equal(errorCode(anonEvent), "EVAUT");
  t.equal(await countRows("events", eventName), 0, "no event was created");

  const event = await newEvent({});
  const cancel = await gql(`mutation ($id: UUID) { cancelEvent(input: {eventId: $id}) { result { status } } }`, { id: event }, { token: alice.token });
  t.equal(errorCode(cancel), "EVFBD", "cancelEvent is admin-only too");
  const [{ status }] = (await db.pool.query("select status from evently.events where id = $1", [event])).rows;
  t.equal(status, "published");
});

t.test("demoting an admin takes effect on the next request, even with the admin's token", async (t) => {
  const former = await signUp(server, db, { admin: true });
  const before = await createVenue(unique("Before"), null, former.token);
  t.notOk(before.errors, "an admin may create venues");
  await db.pool.query("update evently.users set role = 'user' where id = $1", [former.id]);
  const after = await createVenue(unique("After"), null, former.token);
  t.equal(errorCode(after), "EVFBD", "the role in evently.users decides, not the token's claim");
});

t.test("anyone may browse upcomingEvents with its filters and the available field", async (t) => {
  const cityA = unique("Lisbon");
  const cityB = unique("Porto");
  const venueA = (await createVenue(unique("Hall A"), cityA)).data.createVenue.result.id;
  const venueB = (await createVenue(unique("Hall B"), cityB)).data.createVenue.result.id;
  // Far enough out that the other tests' events (30 days) are not in the window queries.
  const soon = await newEvent({ venueId: venueA, startsAt: inDays(100), capacity: 10 });
  const later = await newEvent({ venueId: venueB, startsAt: inDays(110), capacity: 20 });
  const latest = await newEvent({ venueId: venueA, startsAt: inDays(120), capacity: 30 });
  const noVenue = await newEvent({ startsAt: inDays(105), capacity: 5 });
  const past = await newEvent({ venueId: venueA, startsAt: inDays(101), capacity: 5 });
  await db.pool.query("update evently.events set starts_at = now() - interval '1 day' where id = $1", [past]);
  const cancelled = await newEvent({ venueId: venueA, startsAt: inDays(102), capacity: 5 });
  const cancel = await gql(`mutation ($id: UUID) { cancelEvent(input: {eventId: $id, reason: "rain"}) { result { status available } } }`,
    { id: cancelled }, { token: admin.token });
  t.notOk(cancel.errors);
  t.same(cancel.data.cancelEvent.result, { status: "cancelled", available: 0 });

  // Sell 2 and hold 3 of `soon`: available = 10 - 5.
  t.notOk((await gql(`mutation ($e: UUID) { bookTickets(input: {eventId: $e, quantity: 2}) { result { id } } }`, { e: soon }, { token: alice.token })).errors);
  t.notOk((await gql(`mutation ($e: UUID) { holdTickets(input: {eventId: $e, quantity: 3}) { result { id } } }`, { e: soon }, { token: alice.token })).errors);

  const all = await gql(UPCOMING, {});
  t.equal(all.status, 200);
  t.notOk(all.errors, "anonymous callers may list upcoming events");
  const nodes: Array<{ id: string; startsAt: string; available: number; status: string }> = all.data.upcomingEvents.nodes;
  const ids = nodes.map((n) => n.id);
  const mine = ids.filter((id) => [soon, later, latest, noVenue, past, cancelled].includes(id));
  t.same(mine, [soon, noVenue, later, latest], "published future events, soonest first; no past or cancelled ones");
  const times = nodes.map((n) => new Date(n.startsAt).getTime());
  t.same(times, [...times].sort((a, b) => a - b), "the whole list is ordered by startsAt");
  t.ok(nodes.every((n) => n.status === "published" && new Date(n.startsAt).getTime() > Date.now()));
  const available = Object.fromEntries(nodes.map((n) => [n.id, n.available]));
  t.equal(available[soon], 5, "available = capacity - booked - active holds");
  t.equal(available[later], 20);

  const inCityA = await gql(UPCOMING, { city: cityA.toUpperCase() });
  t.same(inCityA.data.upcomingEvents.nodes.map((n: { id: string }) => n.id), [soon, latest], "city filter (case-insensitive)");
  const atVenueB = await gql(UPCOMING, { venueId: venueB });
  t.same(atVenueB.data.upcomingEvents.nodes.map((n: { id: string }) => n.id), [later], "venueId filter");
  const window = await gql(UPCOMING, { startsAfter: inDays(104), startsBefore: inDays(115) });
  t.same(window.data.upcomingEvents.nodes.map((n: { id: string }) => n.id), [noVenue, later], "startsAfter/startsBefore window");
  const windowInCity = await gql(UPCOMING, { startsAfter: inDays(99), startsBefore: inDays(111), city: cityA });
  t.same(windowInCity.data.upcomingEvents.nodes.map((n: { id: string }) => n.id), [soon], "filters combine");
  const nowhere = await gql(UPCOMING, { city: unique("Atlantis") });
  t.same(nowhere.data.upcomingEvents.nodes, [], "an unknown city lists nothing");
  const asUser = await gql(UPCOMING, { venueId: venueB }, { token: alice.token });
  t.same(asUser.data.upcomingEvents.nodes.map((n: { id: string }) => n.id), [later], "signed-in users see the same");

  const allEvents = await gql(`{ allEvents { nodes { id status available } } }`);
  t.notOk(allEvents.errors, "anonymous callers may list all events");
  const byId = new Map<string, { status: string; available: number }>(
    allEvents.data.allEvents.nodes.map((n: { id: string; status: string; available: number }) => [n.id, n]),
  );
  for (const id of [soon, later, latest, noVenue, past, cancelled]) t.ok(byId.has(id), "allEvents includes past and cancelled events");
  t.same(byId.get(cancelled), { id: cancelled, status: "cancelled", available: 0 });
  t.equal(byId.get(soon)?.available, 5);
  const one = await gql(`query ($id: UUID!) { eventById(id: $id) { id available venueByVenueId { city } } }`, { id: soon });
  t.same(one.data.eventById, { id: soon, available: 5, venueByVenueId: { city: cityA } });
});

t.test("anonymous bookTickets and holdTickets are EVAUT (401) and sell nothing", async (t) => {
  const event = await newEvent({ capacity: 5 });
  const book = await gql(`mutation ($e: UUID) { bookTickets(input: {eventId: $e, quantity: 2}) { result { id } } }`, { e: event });
  t.equal(book.status, 200);
  t.equal(errorCode(book), "EVAUT");
  t.equal(book.errors?.[0].extensions?.status, 401);
  t.equal(book.errors?.[0].message, "You must be signed in to do this");
  t.equal(book.data?.bookTickets ?? null, null);
  const hold = await gql(`mutation ($e: UUID) { holdTickets(input: {eventId: $e, quantity: 1}) { result { id } } }`, { e: event });
  t.equal(errorCode(hold), "EVAUT");
  const [row] = (await db.pool.query("select held, booked from evently.events where id = $1", [event])).rows;
  t.same(row, { held: 0, booked: 0 });
  const [{ n }] = (await db.pool.query("select count(*)::int as n from evently.bookings where event_id = $1", [event])).rows;
  t.equal(n, 0);
});
