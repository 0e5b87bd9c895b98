// Waiting rooms through REST: admins open, change and close; buyers join, watch their place,
// and hold or book only once admitted; each refusal a problem+json with its code; every
// response checked against /openapi.json.
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
const soon = () => new Date(Date.now() + 3_600_000).toISOString();


t.test("open, join, wait, get admitted, book; change and close", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 10 });
  isProblem(t, await api.call("get", `/api/v1/events/${event}/waiting-room`), 404, "EVNFD");
  isProblem(t, await api.call("post", `/api/v1/events/${event}/queue`, { token: alice }), 409, "EVQNR");

  const body = { opens_at: soon(), admission_rate: 2, admission_window: "PT5M" };
  isProblem(t, await api.call("post", `/api/v1/events/${event}/waiting-room`, { body }), 401, "EVAUT");
  isProblem(t, await api.call("post", `/api/v1/events/${event}/waiting-room`, { token: alice, body }), 403, "EVFBD");
  isProblem(t, await api.call("post", `/api/v1/events/${event}/waiting-room`, { token: admin, body: { ...body, admission_rate: 0 } }), 400, "EVINV");
  isProblem(t, await api.call("post", `/api/v1/events/${NOWHERE}/waiting-room`, { token: admin, body }), 404, "EVNFD");
  const opened = await api.call("post", `/api/v1/events/${event}/waiting-room`, { token: admin, body });
  t.equal(opened.status, 200);
  t.same([opened.body.admission_rate, opened.body.admission_window, opened.body.joined, opened.body.waiting], [2, "PT300S", 0, 0]);

  isProblem(t, await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: event, quantity: 1 } }), 403, "EVQAD");
  isProblem(t, await api.call("post", "/api/v1/holds", { token: alice, body: { event_id: event, quantity: 1 } }), 403, "EVQAD");
  isProblem(t, await api.call("get", `/api/v1/events/${event}/queue`, { token: alice }), 404, "EVNFD");
  isProblem(t, await api.call("post", `/api/v1/events/${event}/queue`), 401, "EVAUT");
  isProblem(t, await api.call("post", `/api/v1/events/${NOWHERE}/queue`, { token: alice }), 404, "EVNFD");
  const a = await api.call("post", `/api/v1/events/${event}/queue`, { token: alice });
  const b = await api.call("post", `/api/v1/events/${event}/queue`, { token: bob });
  t.same([a.status, a.body.status, a.body.people_ahead, a.body.admitted_now], [200, "waiting", 0, false]);
  t.same([b.body.status, b.body.people_ahead], ["waiting", 1], "bob is behind alice");
  t.same((await api.call("get", `/api/v1/events/${event}/waiting-room`)).body.waiting, 2, "anyone sees how many wait");

  // The on-sale begins, and a minute of the rate has passed: two admissions.
  await db.pool.query("update evently.waiting_rooms set opens_at = now(), counting_since = now() - interval '1 minute' where event_id = $1", [event]);
  await db.pool.query("select evently_private.run_waiting_room($1)", [event]);
  const mine = await api.call("get", `/api/v1/events/${event}/queue`, { token: alice });
  t.same([mine.status, mine.body.status, mine.body.admitted_now], [200, "admitted", true]);
  t.ok(Date.parse(mine.body.admission_expires_at) - Date.parse(mine.body.admitted_at) === 300_000, "admitted for the window");
  const booked = await api.call("post", "/api/v1/bookings", { token: alice, body: { event_id: event, quantity: 1 } });
  t.equal(booked.status, 201, "admitted: books");
  const notes = (await api.call("get", "/api/v1/notifications", { token: alice })).body;
  t.ok(notes.some((n: any) => n.kind === "queue_admitted"), "told it is her turn");

  const left = await api.call("delete", `/api/v1/events/${event}/queue`, { token: bob });
  t.same([left.status, left.body.status], [200, "left"]);
  isProblem(t, await api.call("delete", `/api/v1/events/${event}/queue`, { token: tokenFor(await createUser(db)) }), 404, "EVNFD");
  isProblem(t, await api.call("delete", `/api/v1/events/${event}/queue`), 401, "EVAUT");
  isProblem(t, await api.call("get", `/api/v1/events/${event}/queue`), 401, "EVAUT");

  isProblem(t, await api.call("delete", `/api/v1/events/${event}/waiting-room`), 401, "EVAUT");
  isProblem(t, await api.call("delete", `/api/v1/events/${event}/waiting-room`, { token: alice }), 403, "EVFBD");
  const closed = await api.call("delete", `/api/v1/events/${event}/waiting-room`, { token: admin });
  t.same([closed.status, closed.body.joined, closed.body.admitted], [200, 2, 2]);
  isProblem(t, await api.call("delete", `/api/v1/events/${event}/waiting-room`, { token: admin }), 404, "EVNFD");
  t.equal((await api.call("post", "/api/v1/bookings", { token: bob, body: { event_id: event, quantity: 1 } })).status, 201, "no room: everyone books");

  for (const [method, path] of [["get", "waiting-room"], ["post", "waiting-room"], ["delete", "waiting-room"], ["post", "queue"], ["get", "queue"], ["delete", "queue"]] as const) {
    isProblem(t, await api.call(method, `/api/v1/events/nope/${path}`, { token: admin, body: method === "post" && path === "waiting-room" ? body : undefined }), 400, "EVINV");
  }
  const cancelled = await createEvent(db, adminId);
  await api.call("post", `/api/v1/events/${cancelled}/cancel`, { token: admin, body: {} });
  await db.pool.query("update evently.events set status = 'cancelled', cancelled_at = now() where id = $1 and status <> 'cancelled'", [cancelled]);
  isProblem(t, await api.call("post", `/api/v1/events/${cancelled}/waiting-room`, { token: admin, body }), 409, "EVECN");
  isProblem(t, await api.call("post", `/api/v1/events/${cancelled}/queue`, { token: alice }), 409, "EVECN");
});

t.test("every new route answered each documented status, matching /openapi.json", async (t) => {
  assertStatusesCovered(t, api, [
    "get /api/v1/events/{id}/waiting-room",
    "post /api/v1/events/{id}/waiting-room",
    "delete /api/v1/events/{id}/waiting-room",
    "post /api/v1/events/{id}/queue",
    "get /api/v1/events/{id}/queue",
    "delete /api/v1/events/{id}/queue",
  ]);
});
