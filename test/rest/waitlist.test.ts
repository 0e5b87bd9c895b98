// Waitlists, offers and notifications through REST, with every response checked against
// /openapi.json (client.ts). An offer is a hold: confirmed with POST /holds/{id}/confirm.
import t from "tap";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { assertStatusesCovered, startApi, tokenFor, isProblem } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
const adminId = await createUser(db, { admin: true });
const [aliceId, bobId, carolId, daveId] = [await createUser(db), await createUser(db), await createUser(db), await createUser(db)];
const [alice, bob, carol, dave] = [aliceId, bobId, carolId, daveId].map((id) => tokenFor(id));
const admin = tokenFor(adminId, true);
const NOWHERE = "00000000-0000-4000-8000-000000000000";


t.test("join, list, offers on cancellation, BOLA, decline, accept, leave", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 2, maxPerUser: 2, priceCents: 100 });
  const sold = await api.call("post", "/api/v1/bookings", { token: carol, body: { event_id: event, quantity: 2 } });
  t.equal(sold.status, 201);

  const joined = await api.call("post", `/api/v1/events/${event}/waitlist`, { token: alice, body: { quantity: 1 } });
  t.equal(joined.status, 201);
  t.same([joined.body.status, joined.body.position, joined.body.offer_hold_id], ["waiting", 1, null]);
  isProblem(t, await api.call("post", `/api/v1/events/${event}/waitlist`, { token: alice, body: { quantity: 1 } }), 409, "EVWLD");
  const bobEntry = await api.call("post", `/api/v1/events/${event}/waitlist`, { token: bob, body: { quantity: 1 } });
  t.equal(bobEntry.body.position, 2, "positions in joining order");
  t.equal((await api.call("get", `/api/v1/events/${event}`)).body.waiting, 2);

  const mine = await api.call("get", "/api/v1/waitlist", { token: alice });
  t.equal(mine.status, 200);
  t.same(mine.body.map((e: any) => e.id), [joined.body.id], "only my entries");
  t.same((await api.call("get", "/api/v1/waitlist", { token: dave })).body, []);

  // Carol's cancellation frees two tickets: one offer each, in position order.
  await api.call("post", `/api/v1/bookings/${sold.body.id}/cancel`, { token: carol });
  const [offered] = (await api.call("get", "/api/v1/waitlist", { token: alice })).body;
  t.equal(offered.status, "offered");
  t.ok(offered.offer_hold_id, "the entry names its offer");
  const offer = await api.call("get", `/api/v1/holds/${offered.offer_hold_id}`, { token: alice });
  t.same([offer.body.status, offer.body.quantity, offer.body.waitlist_entry_id], ["active", 1, joined.body.id]);
  const notes = await api.call("get", "/api/v1/notifications", { token: alice });
  t.equal(notes.status, 200);
  t.equal(notes.body[0].kind, "waitlist_offer", "newest first");
  t.equal(notes.body[0].payload.hold_id, offered.offer_hold_id);
  t.ok((await api.call("get", "/api/v1/notifications", { token: carol })).body.some((n: any) => n.kind === "booking_cancelled"));
  t.notOk((await api.call("get", "/api/v1/notifications", { token: admin })).body.some((n: any) => n.kind === "waitlist_offer"),
    "admins get their own notifications here, not everyone's");

  // BOLA: Bob can neither decline Alice's offer nor take Alice off the waitlist.
  isProblem(t, await api.call("post", `/api/v1/holds/${offered.offer_hold_id}/decline`, { token: bob }), 404, "EVNFD");
  isProblem(t, await api.call("delete", `/api/v1/waitlist/${joined.body.id}`, { token: bob }), 404, "EVNFD");
  t.equal((await api.call("get", `/api/v1/holds/${offered.offer_hold_id}`, { token: alice })).body.status, "active", "still Alice's");

  const bobOffer = (await api.call("get", "/api/v1/waitlist", { token: bob })).body[0].offer_hold_id;
  const declined = await api.call("post", `/api/v1/holds/${bobOffer}/decline`, { token: bob });
  t.equal(declined.status, 200);
  t.equal(declined.body.status, "released");
  t.equal((await api.call("get", "/api/v1/waitlist", { token: bob })).body[0].status, "declined");
  isProblem(t, await api.call("post", `/api/v1/holds/${bobOffer}/decline`, { token: bob }), 409, "EVHNA");

  const booking = await api.call("post", `/api/v1/holds/${offered.offer_hold_id}/confirm`, { token: alice });
  t.equal(booking.status, 201, "an offer is accepted like any hold");
  t.equal((await api.call("get", "/api/v1/waitlist", { token: alice })).body[0].status, "accepted");
  isProblem(t, await api.call("delete", `/api/v1/waitlist/${joined.body.id}`, { token: alice }), 409, "EVWNA");

  const plainHold = await api.call("post", "/api/v1/holds", { token: dave, body: { event_id: event, quantity: 1 } });
  t.equal(plainHold.status, 201);
  isProblem(t, await api.call("post", `/api/v1/holds/${plainHold.body.id}/decline`, { token: dave }), 409, "EVNOF");
  isProblem(t, await api.call("post", `/api/v1/holds/${NOWHERE}/decline`, { token: dave }), 404, "EVNFD");
  isProblem(t, await api.call("post", "/api/v1/holds/nope/decline", { token: dave }), 400, "EVINV");
  isProblem(t, await api.call("post", `/api/v1/holds/${plainHold.body.id}/decline`), 401, "EVAUT");
});

t.test("leave; join errors", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 1, maxPerUser: 2 });
  await api.call("post", "/api/v1/bookings", { token: carol, body: { event_id: event, quantity: 1 } });
  const entry = await api.call("post", `/api/v1/events/${event}/waitlist`, { token: dave, body: { quantity: 2 } });
  const left = await api.call("delete", `/api/v1/waitlist/${entry.body.id}`, { token: dave });
  t.equal(left.status, 200);
  t.equal(left.body.status, "left");
  t.equal((await api.call("get", `/api/v1/events/${event}`)).body.waiting, 0);
  isProblem(t, await api.call("delete", `/api/v1/waitlist/${entry.body.id}`, { token: dave }), 409, "EVWNA");
  isProblem(t, await api.call("delete", `/api/v1/waitlist/${NOWHERE}`, { token: dave }), 404, "EVNFD");
  isProblem(t, await api.call("delete", "/api/v1/waitlist/nope", { token: dave }), 400, "EVINV");
  isProblem(t, await api.call("delete", `/api/v1/waitlist/${entry.body.id}`), 401, "EVAUT");

  isProblem(t, await api.call("post", `/api/v1/events/${event}/waitlist`, { token: dave, body: { quantity: 0 } }), 400, "EVQTY");
  const unknown = await api.call("post", `/api/v1/events/${event}/waitlist`, { token: dave, body: { quantity: 1, position: 1 } });
  isProblem(t, unknown, 400, "EVINV");
  t.equal(unknown.body.field, "position", "no jumping the queue");
  // Carol holds one ticket already: two more would pass the limit of two.
  isProblem(t, await api.call("post", `/api/v1/events/${event}/waitlist`, { token: carol, body: { quantity: 2 } }), 409, "EVLIM");
  isProblem(t, await api.call("post", `/api/v1/events/${NOWHERE}/waitlist`, { token: dave, body: { quantity: 1 } }), 404, "EVNFD");
  isProblem(t, await api.call("post", `/api/v1/events/${event}/waitlist`, { body: { quantity: 1 } }), 401, "EVAUT");
  await api.call("post", `/api/v1/events/${event}/cancel`, { token: admin });
  isProblem(t, await api.call("post", `/api/v1/events/${event}/waitlist`, { token: dave, body: { quantity: 1 } }), 409, "EVECN");

  isProblem(t, await api.call("get", "/api/v1/waitlist?limit=0", { token: dave }), 400, "EVINV");
  isProblem(t, await api.call("get", "/api/v1/waitlist"), 401, "EVAUT");
  isProblem(t, await api.call("get", "/api/v1/notifications?offset=-1", { token: dave }), 400, "EVINV");
  isProblem(t, await api.call("get", "/api/v1/notifications"), 401, "EVAUT");
});

t.test("joining when tickets are free: the answer names the offer made at once", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 3, maxPerUser: 2 });
  const joined = await api.call("post", `/api/v1/events/${event}/waitlist`, { token: dave, body: { quantity: 2 } });
  t.equal(joined.status, 201);
  t.equal(joined.body.status, "offered");
  t.ok(joined.body.offer_hold_id, "offer_hold_id is the hold made in the same call");
  const offer = await api.call("get", `/api/v1/holds/${joined.body.offer_hold_id}`, { token: dave });
  t.same([offer.body.status, offer.body.quantity, offer.body.waitlist_entry_id], ["active", 2, joined.body.id]);
});

t.test("available is what a buyer can take: 0 while anyone waits, even with tickets free", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 2, maxPerUser: 2 });
  await api.call("post", "/api/v1/bookings", { token: carol, body: { event_id: event, quantity: 1 } });
  const bobs = await api.call("post", "/api/v1/bookings", { token: bob, body: { event_id: event, quantity: 1 } });
  const waiting = await api.call("post", `/api/v1/events/${event}/waitlist`, { token: alice, body: { quantity: 2 } });
  t.equal(waiting.body.status, "waiting");
  // Bob's ticket comes back; Alice's party of two cannot use it alone, so it is kept for her.
  t.equal((await api.call("post", `/api/v1/bookings/${bobs.body.id}/cancel`, { token: bob })).status, 200);
  const shown = (await api.call("get", `/api/v1/events/${event}`)).body;
  t.same([shown.capacity - shown.booked - shown.held, shown.waiting, shown.available], [1, 1, 0], "one free, one waiting: none on sale");
  isProblem(t, await api.call("post", "/api/v1/bookings", { token: dave, body: { event_id: event, quantity: 1 } }), 409, "EVSLD");
  t.equal((await api.call("get", "/api/v1/events?limit=100")).body.find((e: any) => e.id === event)?.available, 0, "the list says so too");
});

t.test("behind a waiting room: 403 EVQAD until admitted", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 5 });
  const opened = await api.call("post", `/api/v1/events/${event}/waiting-room`, {
    token: admin, body: { opens_at: new Date(Date.now() + 3_600_000).toISOString(), admission_rate: 10 },
  });
  t.equal(opened.status, 200);
  const refused = await api.call("post", `/api/v1/events/${event}/waitlist`, { token: alice, body: { quantity: 1 } });
  t.same([refused.status, refused.body.code], [403, "EVQAD"], "not admitted: EVQAD");
});

t.test("every new route answered each documented status, matching /openapi.json", async (t) => {
  assertStatusesCovered(t, api, [
    "post /api/v1/events/{id}/waitlist",
    "get /api/v1/waitlist",
    "delete /api/v1/waitlist/{id}",
    "post /api/v1/holds/{id}/decline",
    "get /api/v1/notifications",
  ]);
});
