// Ticket types through REST: admins add and change them; anyone lists them with what is
// left; holds and bookings name a type; sales by type; each refusal a problem+json with its
// code; every response checked against /openapi.json.
import t from "tap";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { assertStatusesCovered, startApi, tokenFor, isProblem } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
const adminId = await createUser(db, { admin: true });
const [aliceId, bobId] = [await createUser(db), await createUser(db)];
const admin = tokenFor(adminId, true);
const [alice, bob] = [aliceId, bobId].map((id) => tokenFor(id));
const NOWHERE = "00000000-0000-4000-8000-000000000000";


t.test("add types, list them, hold and book by type, change one, sales by type", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 10, priceCents: 500 });
  const add = (body: object, token: string | null = admin, id = event) =>
    api.call("post", `/api/v1/events/${id}/ticket-types`, { token: token ?? undefined, body });
  isProblem(t, await add({ name: "Early", capacity: 4 }, null), 401, "EVAUT");
  isProblem(t, await add({ name: "Early", capacity: 4 }, alice), 403, "EVFBD");
  isProblem(t, await add({ name: "Early", capacity: 11 }), 400, "EVINV");
  isProblem(t, await add({ name: "Early" }), 400, "EVINV");
  isProblem(t, await add({ name: "Early", capacity: 4 }, admin, NOWHERE), 404, "EVNFD");
  const early = await add({ name: "Early", capacity: 4, price_cents: 1500, max_tickets_per_user: 2 });
  t.same([early.status, early.body.name, early.body.available, early.body.sales_start], [201, "Early", 4, null]);

  const one = await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: event, quantity: 1 } });
  t.same([one.status, one.body.ticket_type_id, one.body.total_cents], [201, early.body.id, 1500], "one type: {event_id, quantity} books it");
  const later = await add({ name: "Later", capacity: 6, sales_start: new Date(Date.now() + 86_400_000).toISOString() });
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: event, quantity: 1 } }), 400, "EVTTR");
  isProblem(t, await api.call("post", "/api/v1/holds", { token: alice, body: { event_id: event, quantity: 1 } }), 400, "EVTTR");
  isProblem(t, await api.call("post", "/api/v1/holds", { token: alice, body: { ticket_type_id: later.body.id, quantity: 1 } }), 409, "EVTSW");
  const hold = await api.call("post", "/api/v1/holds", { token: bob, body: { ticket_type_id: early.body.id, quantity: 2 } });
  t.same([hold.status, hold.body.ticket_type_id, hold.body.quantity], [201, early.body.id, 2]);
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: { ticket_type_id: early.body.id, quantity: 2 } }), 409, "EVLIM");
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: { ticket_type_id: NOWHERE, quantity: 1 } }), 404, "EVNFD");
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: { ticket_type_id: early.body.id, event_id: event, quantity: 1 } }), 400, "EVINV");
  const keyed = { token: alice, body: { ticket_type_id: early.body.id, quantity: 1 }, headers: { "Idempotency-Key": "tt-1" } };
  const b1 = await api.call("post", "/api/v1/bookings", keyed);
  const b2 = await api.call("post", "/api/v1/bookings", keyed);
  t.same([b1.status, b2.status, b2.body.id], [201, 201, b1.body.id], "a keyed retry answers the same booking");
  isProblem(t, await api.call("post", `/api/v1/events/${event}/waitlist`, { token: alice, body: { quantity: 1 } }), 400, "EVTTR");

  const list = await api.call("get", `/api/v1/events/${event}/ticket-types`);
  t.same(list.body.map((x: any) => [x.name, x.held, x.booked, x.available]), [["Early", 2, 2, 0], ["Later", 0, 0, 0]]);
  isProblem(t, await api.call("get", "/api/v1/events/nope/ticket-types"), 400, "EVINV");

  const patch = (id: string, body: object, token: string | null = admin) =>
    api.call("patch", `/api/v1/ticket-types/${id}`, { token: token ?? undefined, body });
  isProblem(t, await patch(early.body.id, { capacity: 3 }), 409, "EVCAP");
  isProblem(t, await patch(early.body.id, { capacity: 5 }, alice), 403, "EVFBD");
  isProblem(t, await patch(early.body.id, { capacity: 5 }, null), 401, "EVAUT");
  isProblem(t, await patch(NOWHERE, { capacity: 5 }), 404, "EVNFD");
  isProblem(t, await patch(early.body.id, { colour: "red" }), 400, "EVINV");
  const changed = await patch(early.body.id, { capacity: 5, price_cents: 2000 });
  t.same([changed.status, changed.body.capacity, changed.body.price_cents, changed.body.available], [200, 5, 2000, 1]);

  const sales = await api.call("get", `/api/v1/admin/analytics/ticket-types?event_id=${event}`, { token: admin });
  t.same(sales.body.map((x: any) => [x.name, x.bookings, x.revenue_cents]), [["Early", 2, 3000], ["Later", 0, 0]]);
  isProblem(t, await api.call("get", `/api/v1/admin/analytics/ticket-types?event_id=${event}`, { token: alice }), 403, "EVFBD");
  isProblem(t, await api.call("get", `/api/v1/admin/analytics/ticket-types?event_id=${event}`), 401, "EVAUT");
  isProblem(t, await api.call("get", `/api/v1/admin/analytics/ticket-types?event_id=${NOWHERE}`, { token: admin }), 404, "EVNFD");
  isProblem(t, await api.call("get", "/api/v1/admin/analytics/ticket-types", { token: admin }), 400, "EVINV");

  const seated = await db.pool.query("update evently.events set seating = 'reserved' where id = $1 returning id", [await createEvent(db, adminId)]);
  isProblem(t, await add({ name: "X", capacity: 1 }, admin, seated.rows[0].id), 409, "EVSEA");
});

t.test("each ticket type's own waitlist: POST /ticket-types/{id}/waitlist", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 10 });
  const add = async (body: object) => (await api.call("post", `/api/v1/events/${event}/ticket-types`, { token: admin, body })).body;
  const vip = await add({ name: "VIP", capacity: 1 });
  const std = await add({ name: "Standard", capacity: 5 });
  const carol = tokenFor(await createUser(db));
  const join = (type: string, token: string | undefined, quantity = 1) =>
    api.call("post", `/api/v1/ticket-types/${type}/waitlist`, { token, body: { quantity } });
  const booked = await api.call("post", "/api/v1/bookings", { token: bob, body: { ticket_type_id: vip.id, quantity: 1 } });
  const w = await join(vip.id, carol);
  t.same([w.status, w.body.status, w.body.ticket_type_id, w.body.event_id, w.body.offer_hold_id], [201, "waiting", vip.id, event, null]);
  isProblem(t, await join(vip.id, carol), 409, "EVWLD");
  isProblem(t, await join(vip.id, undefined), 401, "EVAUT");
  isProblem(t, await join(NOWHERE, carol), 404, "EVNFD");
  isProblem(t, await join(vip.id, alice, 0), 400, "EVQTY");
  const types = await api.call("get", `/api/v1/events/${event}/ticket-types`);
  t.same(types.body.map((x: any) => [x.name, x.available]), [["Standard", 5], ["VIP", 0]], "VIP's line keeps nothing from Standard");
  const now = await join(std.id, carol);
  t.same([now.status, now.body.status, typeof now.body.offer_hold_id], [201, "offered", "string"], "a type with room is offered at once");
  await api.call("post", `/api/v1/bookings/${booked.body.id}/cancel`, { token: bob });
  const mine = await api.call("get", "/api/v1/waitlist", { token: carol });
  const vipEntry = mine.body.find((x: any) => x.id === w.body.id);
  t.same([vipEntry?.status, typeof vipEntry?.offer_hold_id], ["offered", "string"], "VIP's freed ticket is offered to VIP's line");
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: { ticket_type_id: vip.id, quantity: 1 } }), 409, "EVSLD");

  const queued = await createEvent(db, adminId, { capacity: 10 });
  const [gated] = (await db.pool.query("insert into evently.ticket_types (event_id, name, capacity) values ($1, 'Gated', 5) returning id", [queued])).rows;
  await db.pool.query("insert into evently.waiting_rooms (event_id, opens_at, admission_rate, counting_since) values ($1, now() + interval '1 hour', 10, now() + interval '1 hour')", [queued]);
  isProblem(t, await join(gated.id, carol), 403, "EVQAD");
});

t.test("every new route answered each documented status, matching /openapi.json", async (t) => {
  assertStatusesCovered(t, api, [
    "post /api/v1/ticket-types/{id}/waitlist",
    "get /api/v1/events/{id}/ticket-types",
    "post /api/v1/events/{id}/ticket-types",
    "patch /api/v1/ticket-types/{id}",
    "get /api/v1/admin/analytics/ticket-types",
  ]);
});
