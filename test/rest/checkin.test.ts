// The door through REST: grants, check-in with a problem+json code per refusal, counts,
// analytics; every response checked against /openapi.json.
import t from "tap";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { assertStatusesCovered, startApi, tokenFor, isProblem } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
const adminId = await createUser(db, { admin: true });
const [staffId, holderId, strangerId] = [await createUser(db), await createUser(db), await createUser(db)];
await db.pool.query("update evently.users set name = 'Dora Door' where id = $1", [staffId]);
const admin = tokenFor(adminId, true);
const [staff, holder, stranger] = [staffId, holderId, strangerId].map((id) => tokenFor(id));
const NOWHERE = "00000000-0000-4000-8000-000000000000";


t.test("grant, scan once, refusals, counts, revoke", async (t) => {
  const event = await createEvent(db, adminId, { capacity: 10 });
  const other = await createEvent(db, adminId, { capacity: 10 });
  const booking = await api.call("post", "/api/v1/bookings", { token: holder, body: { event_id: event, quantity: 3 } });
  const otherBooking = await api.call("post", "/api/v1/bookings", { token: holder, body: { event_id: other, quantity: 1 } });
  const tickets = (await api.call("get", "/api/v1/tickets?limit=100", { token: holder })).body;
  const codes = tickets.filter((x: any) => x.booking_id === booking.body.id).map((x: any) => x.code);
  const [elsewhere] = tickets.filter((x: any) => x.booking_id === otherBooking.body.id).map((x: any) => x.code);
  t.ok(tickets.every((x: any) => x.checked_in_at === null), "tickets show checked_in_at");

  isProblem(t, await api.call("post", "/api/v1/check-ins", { token: staff, body: { code: codes[0] } }), 403, "EVDSF");
  const granted = await api.call("post", `/api/v1/events/${event}/door-staff`, { token: admin, body: { user_id: staffId } });
  t.equal(granted.status, 201);
  t.same([granted.body.event_id, granted.body.user_id, granted.body.granted_by], [event, staffId, adminId]);
  isProblem(t, await api.call("post", `/api/v1/events/${event}/door-staff`, { token: staff, body: { user_id: strangerId } }), 403, "EVFBD");
  isProblem(t, await api.call("post", `/api/v1/events/${NOWHERE}/door-staff`, { token: admin, body: { user_id: staffId } }), 404, "EVNFD");
  isProblem(t, await api.call("post", `/api/v1/events/${event}/door-staff`, { token: admin, body: { user: staffId } }), 400, "EVINV");
  isProblem(t, await api.call("post", `/api/v1/events/${event}/door-staff`, { body: { user_id: staffId } }), 401, "EVAUT");
  t.same((await api.call("get", `/api/v1/events/${event}/door-staff`, { token: admin })).body.map((g: any) => g.user_id), [staffId]);
  t.same((await api.call("get", `/api/v1/events/${event}/door-staff`, { token: stranger })).body, [], "others see no grants");
  isProblem(t, await api.call("get", `/api/v1/events/${event}/door-staff`), 401, "EVAUT");
  t.same((await api.call("get", "/api/v1/door-staff", { token: staff })).body.map((g: any) => g.event_id), [event]);
  isProblem(t, await api.call("get", "/api/v1/door-staff"), 401, "EVAUT");

  const ok = await api.call("post", "/api/v1/check-ins", { token: staff, body: { code: codes[0], event_id: event } });
  t.equal(ok.status, 200);
  t.same([ok.body.code, ok.body.event_id, ok.body.booking_id, ok.body.checked_in_by], [codes[0], event, booking.body.id, staffId]);
  const used = await api.call("post", "/api/v1/check-ins", { token: staff, body: { code: codes[0] } });
  isProblem(t, used, 409, "EVTUS");
  t.match(used.body.detail, /checked in at .* UTC by Dora Door/, "when and by whom");
  t.equal(used.body.field, "code");
  isProblem(t, await api.call("post", "/api/v1/check-ins", { token: staff, body: { code: "feedbeef".repeat(4) } }), 404, "EVTUK");
  isProblem(t, await api.call("post", "/api/v1/check-ins", { token: staff, body: { code: elsewhere, event_id: event } }), 409, "EVTWE");
  isProblem(t, await api.call("post", "/api/v1/check-ins", { token: staff, body: { code: codes[1], event_id: NOWHERE } }), 404, "EVNFD");
  isProblem(t, await api.call("post", "/api/v1/check-ins", { token: staff, body: {} }), 400, "EVINV");
  isProblem(t, await api.call("post", "/api/v1/check-ins", { body: { code: codes[1] } }), 401, "EVAUT");
  const mine = (await api.call("get", "/api/v1/tickets?limit=100", { token: holder })).body.find((x: any) => x.code === codes[0]);
  t.ok(mine.checked_in_at, "the holder sees when their ticket was used");

  const counts = await api.call("get", `/api/v1/events/${event}/check-ins`, { token: staff });
  t.equal(counts.status, 200);
  t.same([counts.body.tickets, counts.body.checked_in, counts.body.remaining], [3, 1, 2]);
  isProblem(t, await api.call("get", `/api/v1/events/${event}/check-ins`, { token: stranger }), 403, "EVDSF");
  isProblem(t, await api.call("get", `/api/v1/events/${NOWHERE}/check-ins`, { token: admin }), 404, "EVNFD");
  isProblem(t, await api.call("get", `/api/v1/events/${event}/check-ins`), 401, "EVAUT");
  isProblem(t, await api.call("get", "/api/v1/events/nope/check-ins", { token: admin }), 400, "EVINV");

  const cancelled = await api.call("post", `/api/v1/bookings/${otherBooking.body.id}/cancel`, { token: holder });
  t.equal(cancelled.status, 200);
  isProblem(t, await api.call("post", "/api/v1/check-ins", { token: admin, body: { code: elsewhere } }), 409, "EVTCN");

  const report = await api.call("get", "/api/v1/admin/analytics/check-ins?max_rows=1000", { token: admin });
  t.equal(report.status, 200);
  const row = report.body.find((r: any) => r.event_id === event);
  t.same([row.tickets, row.checked_in, row.check_in_rate], [3, 1, 0.3333]);
  isProblem(t, await api.call("get", "/api/v1/admin/analytics/check-ins", { token: staff }), 403, "EVFBD");
  isProblem(t, await api.call("get", "/api/v1/admin/analytics/check-ins"), 401, "EVAUT");
  isProblem(t, await api.call("get", "/api/v1/admin/analytics/check-ins?max_rows=0", { token: admin }), 400, "EVINV");

  isProblem(t, await api.call("delete", `/api/v1/events/${event}/door-staff/${staffId}`, { token: staff }), 403, "EVFBD");
  const revoked = await api.call("delete", `/api/v1/events/${event}/door-staff/${staffId}`, { token: admin });
  t.equal(revoked.status, 200);
  t.equal(revoked.body.user_id, staffId);
  isProblem(t, await api.call("delete", `/api/v1/events/${event}/door-staff/${staffId}`, { token: admin }), 404, "EVNFD");
  isProblem(t, await api.call("delete", `/api/v1/events/${event}/door-staff/nope`, { token: admin }), 400, "EVINV");
  isProblem(t, await api.call("delete", `/api/v1/events/${event}/door-staff/${staffId}`), 401, "EVAUT");
  isProblem(t, await api.call("post", "/api/v1/check-ins", { token: staff, body: { code: codes[1] } }), 403, "EVDSF");
});

t.test("every new route answered each documented status, matching /openapi.json", async (t) => {
  assertStatusesCovered(t, api, [
    "post /api/v1/check-ins",
    "get /api/v1/events/{id}/check-ins",
    "post /api/v1/events/{id}/door-staff",
    "delete /api/v1/events/{id}/door-staff/{user_id}",
    "get /api/v1/admin/analytics/check-ins",
  ]);
});
