// Every REST route's happy path and error statuses, as problem+json, with every response
// checked against /openapi.json by the client (client.ts).
import t from "tap";
import { createEvent, createTestDb, createUser, expireHoldNow } from "../helpers.ts";
import { startApi, tokenFor, isProblem } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
const adminId = await createUser(db, { admin: true });
const aliceId = await createUser(db);
const bobId = await createUser(db);
const admin = tokenFor(adminId, true);
const alice = tokenFor(aliceId);
const bob = tokenFor(bobId);


t.test("register, login, me", async (t) => {
  const email = `carol-${Date.now()}@example.com`;
  const created = await api.call("post", "/api/v1/auth/register", { body: { email, password: "correct horse", name: "Carol" } });
  t.equal(created.status, 201);
  t.equal(created.body.email, email);
  t.notOk("password" in created.body, "no password in the response");
  isProblem(t, await api.call("post", "/api/v1/auth/register", { body: { email, password: "correct horse", name: "Carol" } }), 409, "EVEML");
  isProblem(t, await api.call("post", "/api/v1/auth/register", { body: { email: "x@example.com", password: "short", name: "X" } }), 400, "EVWPW");
  const unknown = await api.call("post", "/api/v1/auth/register", { body: { email: "y@example.com", password: "long enough", name: "Y", role: "admin" } });
  isProblem(t, unknown, 400, "EVINV");
  t.equal(unknown.body.field, "role", "mass assignment refused, naming the field");
  const missing = await api.call("post", "/api/v1/auth/register", { body: { email: "y@example.com", password: "long enough" } });
  t.equal(missing.body.field, "name");

  const login = await api.call("post", "/api/v1/auth/login", { body: { email, password: "correct horse" } });
  t.equal(login.status, 200);
  t.equal(login.body.role, "evently_user");
  t.equal(login.body.user_id, created.body.id);
  const me = await api.call("get", "/api/v1/me", { token: login.body.token });
  t.equal(me.status, 200);
  t.equal(me.body.id, created.body.id);
  isProblem(t, await api.call("post", "/api/v1/auth/login", { body: { email, password: "wrong password" } }), 401, "EVCRD");
  isProblem(t, await api.call("get", "/api/v1/me"), 401, "EVAUT");
  const badToken = await api.call("get", "/api/v1/me", { token: login.body.token + "x" });
  isProblem(t, badToken, 401, "EVTOK");
  t.match(badToken.headers.get("www-authenticate"), /invalid_token/);
});

t.test("venues", async (t) => {
  const created = await api.call("post", "/api/v1/venues", { token: admin, body: { name: "Hall", city: "Oslo" } });
  t.equal(created.status, 201);
  t.equal(created.body.address, null);
  isProblem(t, await api.call("post", "/api/v1/venues", { token: alice, body: { name: "Mine" } }), 403, "EVFBD");
  isProblem(t, await api.call("post", "/api/v1/venues", { body: { name: "Anon" } }), 401, "EVAUT");
  isProblem(t, await api.call("post", "/api/v1/venues", { token: admin, body: { name: " " } }), 400, "EVINV");
  const list = await api.call("get", "/api/v1/venues?city=oslo&limit=5");
  t.equal(list.status, 200);
  t.same(list.body.map((v: any) => v.id), [created.body.id]);
  t.equal((await api.call("get", `/api/v1/venues/${created.body.id}`)).body.name, "Hall");
  isProblem(t, await api.call("get", "/api/v1/venues/00000000-0000-4000-8000-000000000000"), 404, "EVNFD");
  const badId = await api.call("get", "/api/v1/venues/not-a-uuid");
  isProblem(t, badId, 400, "EVINV");
  t.equal(badId.body.field, "id");
  const badPage = await api.call("get", "/api/v1/venues?limit=1000");
  isProblem(t, badPage, 400, "EVINV");
  t.equal(badPage.body.field, "limit", "pages are capped at 100");
});

t.test("events: create, list, get, update, cancel", async (t) => {
  const startsAt = new Date(Date.now() + 7 * 86400_000).toISOString();
  const created = await api.call("post", "/api/v1/events", {
    token: admin,
    body: { name: "Gig", starts_at: startsAt, capacity: 5, price_cents: 1000, hold_ttl_seconds: 60 },
  });
  t.equal(created.status, 201);
  t.equal(created.body.hold_ttl_seconds, 60);
  t.equal(created.body.max_tickets_per_user, 10, "omitted fields take the SQL defaults");
  t.equal(created.body.available, 5);
  const past = await api.call("post", "/api/v1/events", { token: admin, body: { name: "Old", starts_at: "2001-01-01T00:00:00Z", capacity: 5 } });
  isProblem(t, past, 400, "EVINV");
  t.equal(past.body.field, "starts_at", "the SQL function names the field");
  const badDate = await api.call("post", "/api/v1/events", { token: admin, body: { name: "X", starts_at: "tomorrow", capacity: 5 } });
  t.equal(badDate.body.field, "starts_at");
  isProblem(t, await api.call("post", "/api/v1/events", { token: alice, body: { name: "X", starts_at: startsAt, capacity: 5 } }), 403, "EVFBD");
  isProblem(t, await api.call("post", "/api/v1/events", {
    token: admin, body: { name: "X", starts_at: startsAt, capacity: 5, venue_id: "00000000-0000-4000-8000-000000000000" },
  }), 404, "EVNFD");

  const list = await api.call("get", `/api/v1/events?starts_before=${encodeURIComponent(new Date(Date.now() + 8 * 86400_000).toISOString())}`);
  t.equal(list.status, 200);
  t.ok(list.body.some((e: any) => e.id === created.body.id));
  const got = await api.call("get", `/api/v1/events/${created.body.id}`);
  t.equal(got.body.name, "Gig");
  isProblem(t, await api.call("get", "/api/v1/events/00000000-0000-4000-8000-000000000000"), 404, "EVNFD");

  const updated = await api.call("patch", `/api/v1/events/${created.body.id}`, { token: admin, body: { capacity: 3, name: "Gig 2" } });
  t.equal(updated.status, 200);
  t.same([updated.body.capacity, updated.body.name, updated.body.price_cents], [3, "Gig 2", 1000]);
  isProblem(t, await api.call("patch", `/api/v1/events/${created.body.id}`, { token: admin, body: {} }), 400, "EVINV");
  await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: created.body.id, quantity: 2 } });
  isProblem(t, await api.call("patch", `/api/v1/events/${created.body.id}`, { token: admin, body: { capacity: 1 } }), 409, "EVCAP");

  const cancelled = await api.call("post", `/api/v1/events/${created.body.id}/cancel`, { token: admin, body: { reason: "rain" } });
  t.equal(cancelled.status, 200);
  t.equal(cancelled.body.status, "cancelled");
  isProblem(t, await api.call("post", `/api/v1/events/${created.body.id}/cancel`, { token: admin }), 409, "EVECN");
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: created.body.id, quantity: 1 } }), 409, "EVECN");
});

t.test("holds: create, get, confirm (idempotent), release, expiry", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 4, maxPerUser: 3, priceCents: 500 });
  const hold = await api.call("post", "/api/v1/holds", { token: alice, body: { event_id: event, quantity: 2 } });
  t.equal(hold.status, 201);
  t.equal(hold.body.status, "active");
  t.equal((await api.call("get", `/api/v1/holds/${hold.body.id}`, { token: alice })).body.quantity, 2);
  isProblem(t, await api.call("get", `/api/v1/holds/${hold.body.id}`, { token: bob }), 404, "EVNFD");
  isProblem(t, await api.call("post", `/api/v1/holds/${hold.body.id}/confirm`, { token: bob }), 404, "EVNFD");

  const confirmed = await api.call("post", `/api/v1/holds/${hold.body.id}/confirm`, { token: alice, headers: { "Idempotency-Key": "confirm-1" } });
  t.equal(confirmed.status, 201);
  t.equal(confirmed.body.total_cents, 1000);
  const replay = await api.call("post", `/api/v1/holds/${hold.body.id}/confirm`, { token: alice, headers: { "Idempotency-Key": "confirm-1" } });
  t.equal(replay.status, 201);
  t.equal(replay.body.id, confirmed.body.id, "a retried key returns the same booking");
  isProblem(t, await api.call("post", `/api/v1/holds/${hold.body.id}/confirm`, { token: alice }), 409, "EVHNA");

  isProblem(t, await api.call("post", "/api/v1/holds", { token: alice, body: { event_id: event, quantity: 2 } }), 409, "EVLIM");
  isProblem(t, await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, quantity: 3 } }), 409, "EVSLD");
  isProblem(t, await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, quantity: 0 } }), 400, "EVQTY");
  const wrongType = await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, quantity: "2" } });
  isProblem(t, wrongType, 400, "EVINV");
  t.equal(wrongType.body.field, "quantity", "bodies are not coerced");
  isProblem(t, await api.call("post", "/api/v1/holds", { body: { event_id: event, quantity: 1 } }), 401, "EVAUT");

  const second = await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, quantity: 1 } });
  const released = await api.call("delete", `/api/v1/holds/${second.body.id}`, { token: bob });
  t.equal(released.status, 204);
  isProblem(t, await api.call("delete", `/api/v1/holds/${second.body.id}`, { token: bob }), 409, "EVHNA");

  const third = await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, quantity: 1 } });
  await expireHoldNow(db, third.body.id);
  isProblem(t, await api.call("post", `/api/v1/holds/${third.body.id}/confirm`, { token: bob }), 410, "EVHEX");

  await db.pool.query("update evently.events set starts_at = now() - interval '1 minute' where id = $1", [event]);
  isProblem(t, await api.call("post", "/api/v1/holds", { token: bob, body: { event_id: event, quantity: 1 } }), 409, "EVPST");
});

t.test("bookings: book (idempotent), list, get, BOLA, cancel; tickets", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 10, priceCents: 700 });
  const key = { "Idempotency-Key": `order-${Date.now()}` };
  const booked = await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: event, quantity: 2 }, headers: key });
  t.equal(booked.status, 201);
  t.equal(booked.body.total_cents, 1400);
  const again = await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: event, quantity: 2 }, headers: key });
  t.equal(again.body.id, booked.body.id, "same key, same booking");
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: event, quantity: 3 }, headers: key }), 422, "EVIDM");
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: event, quantity: 1 }, headers: { "Idempotency-Key": "has space" } }), 400, "EVIDK");
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: "00000000-0000-4000-8000-000000000000", quantity: 1 } }), 404, "EVNFD");

  const mine = await api.call("get", "/api/v1/bookings?upcoming=true", { token: alice });
  t.ok(mine.body.some((b: any) => b.id === booked.body.id));
  t.same((await api.call("get", "/api/v1/bookings?upcoming=false", { token: alice })).body.filter((b: any) => b.id === booked.body.id), []);
  isProblem(t, await api.call("get", "/api/v1/bookings?upcoming=maybe", { token: alice }), 400, "EVINV");
  t.equal((await api.call("get", `/api/v1/bookings/${booked.body.id}`, { token: alice })).body.id, booked.body.id);
  t.equal((await api.call("get", `/api/v1/bookings/${booked.body.id}`, { token: admin })).status, 200, "admins see every booking");

  // BOLA: Bob learns nothing about Alice's booking and cannot touch it.
  isProblem(t, await api.call("get", `/api/v1/bookings/${booked.body.id}`, { token: bob }), 404, "EVNFD");
  isProblem(t, await api.call("post", `/api/v1/bookings/${booked.body.id}/cancel`, { token: bob }), 404, "EVNFD");
  t.same((await api.call("get", "/api/v1/bookings", { token: bob })).body, []);

  const tickets = await api.call("get", "/api/v1/tickets", { token: alice });
  const ours = tickets.body.filter((x: any) => x.booking_id === booked.body.id);
  t.equal(ours.length, 2);
  t.equal((await api.call("get", `/api/v1/tickets/${ours[0].id}`, { token: alice })).body.code, ours[0].code);
  isProblem(t, await api.call("get", `/api/v1/tickets/${ours[0].id}`, { token: bob }), 404, "EVNFD");
  isProblem(t, await api.call("get", "/api/v1/tickets"), 401, "EVAUT");

  const cancelled = await api.call("post", `/api/v1/bookings/${booked.body.id}/cancel`, { token: alice });
  t.equal(cancelled.status, 200);
  t.equal(cancelled.body.status, "cancelled");
  isProblem(t, await api.call("post", `/api/v1/bookings/${booked.body.id}/cancel`, { token: alice }), 409, "EVBCN");
  isProblem(t, await api.call("post", `/api/v1/bookings/${booked.body.id}/cancel`, { token: alice, body: { why: 1 } }), 400, "EVINV");
});

t.test("malformed requests and unknown routes are problem+json", async (t) => {
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: "{not json" }), 400, "EVINV");
  const unknown = await api.call("get", "/api/v1/nowhere");
  t.equal(unknown.status, 404);
  t.equal(unknown.body.code, "EVNRT");
  const docs = await fetch(`${api.base}/docs`);
  t.equal(docs.status, 200);
  t.match(await docs.text(), /swagger-ui-bundle\.js/);
  const bundle = await fetch(`${api.base}/docs/swagger-ui-bundle.js`);
  t.equal(bundle.status, 200, "the docs page's assets are served locally");
  await bundle.arrayBuffer();
});
