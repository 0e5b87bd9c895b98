// Webhook endpoints, deliveries and replays through REST (admins), every response checked
// against /openapi.json. Sending is tested with a real receiver in test/jobs/webhooks.test.ts.
import t from "tap";
import { createEvent, createTestDb, createUser, sqlAs } from "../helpers.ts";
import { assertStatusesCovered, startApi, tokenFor, isProblem } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
const adminId = await createUser(db, { admin: true });
const userId = await createUser(db);
const admin = tokenFor(adminId, true);
const user = tokenFor(userId);
const NOWHERE = "00000000-0000-4000-8000-000000000000";


t.test("endpoint CRUD, deliveries, replay", async (t) => {
  const created = await api.call("post", "/api/v1/admin/webhooks", {
    token: admin, body: { url: "https://example.com/hooks", event_types: ["booking.confirmed", "event.sold_out"], description: "CRM" },
  });
  t.equal(created.status, 201);
  t.match(created.body.secret, /^whsec_/);
  const id = created.body.id;
  isProblem(t, await api.call("post", "/api/v1/admin/webhooks", { token: user, body: { url: "https://example.com/h", event_types: ["booking.confirmed"] } }), 403, "EVFBD");
  isProblem(t, await api.call("post", "/api/v1/admin/webhooks", { token: admin, body: { url: "gopher://example.com", event_types: ["booking.confirmed"] } }), 400, "EVINV", "url");
  isProblem(t, await api.call("post", "/api/v1/admin/webhooks", { token: admin, body: { url: "https://example.com/h", event_types: ["booking.made"] } }), 400, "EVINV");
  isProblem(t, await api.call("post", "/api/v1/admin/webhooks", { token: admin, body: { url: "https://example.com/h", event_types: ["booking.confirmed"], secret: "plain" } }), 400, "EVINV", "secret");
  isProblem(t, await api.call("post", "/api/v1/admin/webhooks", { body: { url: "https://example.com/h", event_types: ["booking.confirmed"] } }), 401, "EVAUT");

  const list = await api.call("get", "/api/v1/admin/webhooks", { token: admin });
  t.equal(list.status, 200);
  t.same(list.body.map((e: any) => e.id), [id]);
  t.notOk("secret" in list.body[0], "the secret is never listed");
  t.same((await api.call("get", "/api/v1/admin/webhooks", { token: user })).body, [], "others see none");
  isProblem(t, await api.call("get", "/api/v1/admin/webhooks?limit=0", { token: admin }), 400, "EVINV");
  isProblem(t, await api.call("get", "/api/v1/admin/webhooks"), 401, "EVAUT");
  t.equal((await api.call("get", `/api/v1/admin/webhooks/${id}`, { token: admin })).body.description, "CRM");
  isProblem(t, await api.call("get", `/api/v1/admin/webhooks/${id}`, { token: user }), 404, "EVNFD");
  isProblem(t, await api.call("get", "/api/v1/admin/webhooks/nope", { token: admin }), 400, "EVINV");
  isProblem(t, await api.call("get", `/api/v1/admin/webhooks/${id}`), 401, "EVAUT");

  const patched = await api.call("patch", `/api/v1/admin/webhooks/${id}`, { token: admin, body: { event_types: ["booking.confirmed"] } });
  t.equal(patched.status, 200);
  t.same(patched.body.event_types, ["booking.confirmed"]);
  isProblem(t, await api.call("patch", `/api/v1/admin/webhooks/${id}`, { token: admin, body: {} }), 400, "EVINV");
  isProblem(t, await api.call("patch", `/api/v1/admin/webhooks/${NOWHERE}`, { token: admin, body: { active: true } }), 404, "EVNFD");
  isProblem(t, await api.call("patch", `/api/v1/admin/webhooks/${id}`, { token: user, body: { active: false } }), 403, "EVFBD");
  isProblem(t, await api.call("patch", `/api/v1/admin/webhooks/${id}`, { body: { active: false } }), 401, "EVAUT");

  const rotated = await api.call("post", `/api/v1/admin/webhooks/${id}/rotate-secret`, { token: admin, body: {} });
  t.equal(rotated.status, 200);
  t.not(rotated.body.secret, created.body.secret);
  isProblem(t, await api.call("post", `/api/v1/admin/webhooks/${id}/rotate-secret`, { token: admin, body: { secret: "whsec_short" } }), 400, "EVINV", "secret");
  isProblem(t, await api.call("post", `/api/v1/admin/webhooks/${NOWHERE}/rotate-secret`, { token: admin, body: {} }), 404, "EVNFD");
  isProblem(t, await api.call("post", `/api/v1/admin/webhooks/${id}/rotate-secret`, { token: user, body: {} }), 403, "EVFBD");
  isProblem(t, await api.call("post", `/api/v1/admin/webhooks/${id}/rotate-secret`, { body: {} }), 401, "EVAUT");

  // A delivery, made by the relay's step (no worker here: it stays pending).
  const event = await createEvent(db, adminId, { capacity: 5 });
  await api.call("post", "/api/v1/bookings", { token: user, body: { event_id: event, quantity: 1 } });
  await db.pool.query("select evently_private.relay_webhook_events(100)");
  const deliveries = await api.call("get", `/api/v1/admin/webhooks/${id}/deliveries`, { token: admin });
  t.equal(deliveries.status, 200);
  t.same(deliveries.body.map((d: any) => [d.event_type, d.event_id, d.status, d.attempts]), [["booking.confirmed", event, "pending", 0]]);
  t.same((await api.call("get", `/api/v1/admin/webhooks/${id}/deliveries?status=delivered`, { token: admin })).body, []);
  isProblem(t, await api.call("get", `/api/v1/admin/webhooks/${id}/deliveries?status=lost`, { token: admin }), 400, "EVINV");
  isProblem(t, await api.call("get", `/api/v1/admin/webhooks/${id}/deliveries`), 401, "EVAUT");

  const replay = await api.call("post", `/api/v1/admin/webhook-deliveries/${deliveries.body[0].id}/replay`, { token: admin });
  t.equal(replay.status, 201);
  t.same([replay.body.replay_of, replay.body.status, replay.body.event_type], [deliveries.body[0].id, "pending", "booking.confirmed"]);
  isProblem(t, await api.call("post", `/api/v1/admin/webhook-deliveries/${NOWHERE}/replay`, { token: admin }), 404, "EVNFD");
  isProblem(t, await api.call("post", `/api/v1/admin/webhook-deliveries/${replay.body.id}/replay`, { token: user }), 403, "EVFBD");
  isProblem(t, await api.call("post", "/api/v1/admin/webhook-deliveries/nope/replay", { token: admin }), 400, "EVINV");
  isProblem(t, await api.call("post", `/api/v1/admin/webhook-deliveries/${replay.body.id}/replay`), 401, "EVAUT");
  await api.call("patch", `/api/v1/admin/webhooks/${id}`, { token: admin, body: { active: false } });
  isProblem(t, await api.call("post", `/api/v1/admin/webhook-deliveries/${replay.body.id}/replay`, { token: admin }), 409, "EVWHI");

  isProblem(t, await api.call("delete", `/api/v1/admin/webhooks/${id}`, { token: user }), 403, "EVFBD");
  const removed = await api.call("delete", `/api/v1/admin/webhooks/${id}`, { token: admin });
  t.equal(removed.status, 204);
  isProblem(t, await api.call("delete", `/api/v1/admin/webhooks/${id}`, { token: admin }), 404, "EVNFD");
  isProblem(t, await api.call("delete", "/api/v1/admin/webhooks/nope", { token: admin }), 400, "EVINV");
  isProblem(t, await api.call("delete", `/api/v1/admin/webhooks/${id}`), 401, "EVAUT");
  t.same((await sqlAs(db.pool, adminId, "select count(*)::int as n from evently.webhook_deliveries"))[0].n, 0, "its deliveries went with it");
});

t.test("every new route answered each documented status, matching /openapi.json", async (t) => {
  assertStatusesCovered(t, api, [
    "get /api/v1/admin/webhooks",
    "post /api/v1/admin/webhooks",
    "get /api/v1/admin/webhooks/{id}",
    "patch /api/v1/admin/webhooks/{id}",
    "delete /api/v1/admin/webhooks/{id}",
    "post /api/v1/admin/webhooks/{id}/rotate-secret",
    "get /api/v1/admin/webhooks/{id}/deliveries",
    "post /api/v1/admin/webhook-deliveries/{id}/replay",
  ]);
});
