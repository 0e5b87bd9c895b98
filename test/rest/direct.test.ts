// The direct path (src/rest/direct.ts) answers as Express does: the same requests, sent to
// an app with it and to one without it, get the same status, headers and body (request ids
// and the ids of rows made apart). /metrics shows which door answered, so the test also
// proves that the plain requests went the direct way and the others through Express.
import t from "tap";
import { randomUUID } from "node:crypto";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { JWT_SECRET, startApi, tokenFor } from "./client.ts";
import { signToken } from "../../src/auth/tokens.ts";
import { comparable } from "../door-parity.ts";

const db = await createTestDb(t);
const limits = { rateLimit: { points: 1_000_000, durationSeconds: 60 } };
const direct = await startApi(t, db, limits);
const express = await startApi(t, db, { ...limits, directApi: false });
const admin = await createUser(db, { admin: true });
const user = await createUser(db);
const event = await createEvent(db, admin, { capacity: 1_000, maxPerUser: 1_000 });
const userToken = tokenFor(user);
const adminToken = tokenFor(admin, true);
const expired = signToken({ role: "evently_user", user_id: user, exp: Math.floor(Date.now() / 1000) - 10 }, JWT_SECRET);

interface Probe {
  name: string;
  method: string;
  path: string;
  token?: string;
  headers?: Record<string, string>;
  /** Sent as written (a string) or as JSON. */
  body?: unknown;
  /** Does the direct path take it (true), or leave it to Express (false)? */
  direct: boolean;
}

const json = { "content-type": "application/json" };
const booking = (quantity: unknown) => JSON.stringify({ event_id: event, quantity });
const probes: Probe[] = [
  { name: "events, anonymous", method: "GET", path: "/api/v1/events", direct: true },
  { name: "events with a query", method: "GET", path: "/api/v1/events?limit=1&city=Porto", direct: true },
  { name: "a bad query value", method: "GET", path: "/api/v1/events?limit=abc", direct: true },
  { name: "a repeated query parameter", method: "GET", path: "/api/v1/events?limit=1&limit=2", direct: true },
  { name: "an unknown query parameter", method: "GET", path: "/api/v1/events?zzz=1", direct: true },
  { name: "one event", method: "GET", path: `/api/v1/events/${event}`, direct: true },
  { name: "an event that does not exist", method: "GET", path: `/api/v1/events/${randomUUID()}`, direct: true },
  { name: "a path parameter that is no uuid", method: "GET", path: "/api/v1/events/not-a-uuid", direct: true },
  { name: "me without a token", method: "GET", path: "/api/v1/me", direct: true },
  { name: "me", method: "GET", path: "/api/v1/me", token: userToken, direct: true },
  { name: "my bookings", method: "GET", path: "/api/v1/bookings", token: userToken, direct: true },
  { name: "an admin route as a user", method: "GET", path: "/api/v1/admin/counter-mismatches", token: userToken, direct: true },
  { name: "booking without a token", method: "POST", path: "/api/v1/bookings", headers: json, body: booking(1), direct: true },
  { name: "booking without a body", method: "POST", path: "/api/v1/bookings", token: userToken, direct: true },
  { name: "booking with an empty JSON body", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: "", direct: true },
  { name: "booking with invalid JSON", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: "{", direct: true },
  { name: "booking with a JSON string (strict)", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: '"x"', direct: true },
  { name: "booking with only whitespace", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: "  \n", direct: true },
  { name: "booking with an array", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: "[1]", direct: true },
  { name: "booking with a byte-order mark", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: `\ufeff${booking(0)}`, direct: true },
  { name: "booking with invalid UTF-8", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), direct: true },
  { name: "booking with quantity 0", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: booking(0), direct: true },
  { name: "booking beyond 32 bits", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: booking(2 ** 31), direct: true },
  { name: "booking an unknown event", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: JSON.stringify({ event_id: randomUUID(), quantity: 1 }), direct: true },
  { name: "booking with charset=utf-8", method: "POST", path: "/api/v1/bookings", token: userToken, headers: { "content-type": "application/json; charset=utf-8" }, body: booking(0), direct: true },
  { name: "a body where none is taken", method: "POST", path: `/api/v1/holds/${randomUUID()}/confirm`, token: userToken, headers: json, body: '{"a":1}', direct: true },
  { name: "a bad idempotency key", method: "POST", path: "/api/v1/bookings", token: userToken, headers: { ...json, "idempotency-key": " " }, body: booking(1), direct: true },
  // Left to Express:
  { name: "an expired token", method: "GET", path: "/api/v1/me", token: expired, direct: false },
  { name: "a token that is garbage", method: "GET", path: "/api/v1/me", token: "garbage", direct: false },
  { name: "the index", method: "GET", path: "/api/v1", direct: false },
  { name: "a trailing slash", method: "GET", path: "/api/v1/events/", direct: false },
  { name: "another case", method: "GET", path: "/API/v1/events", direct: false },
  { name: "a percent-encoded path", method: "GET", path: `/api/v1/events/${event.slice(0, 8)}%2D${event.slice(9)}`, direct: false },
  { name: "a method the path does not take", method: "DELETE", path: "/api/v1/events", token: adminToken, direct: false },
  { name: "an unknown route", method: "GET", path: "/api/v1/nowhere", direct: false },
  { name: "HEAD", method: "HEAD", path: "/api/v1/events", direct: false },
  { name: "a conditional GET", method: "GET", path: "/api/v1/events", headers: { "if-none-match": 'W/"x"' }, direct: false },
  { name: "a session cookie", method: "GET", path: "/api/v1/me", headers: { cookie: "evently_session=garbage" }, direct: false },
  { name: "a text body", method: "POST", path: "/api/v1/bookings", token: userToken, headers: { "content-type": "text/plain" }, body: booking(1), direct: false },
  { name: "another charset", method: "POST", path: "/api/v1/bookings", token: userToken, headers: { "content-type": "application/json; charset=latin1" }, body: booking(1), direct: false },
  { name: "a body over the limit", method: "POST", path: "/api/v1/bookings", token: userToken, headers: json, body: JSON.stringify({ pad: "x".repeat(110_000) }), direct: false },
];

/** What must be equal: status, the headers clients read, and the body without request ids. */
async function send(base: string, probe: Probe) {
  const headers: Record<string, string> = { ...probe.headers };
  if (probe.token) headers.authorization = `Bearer ${probe.token}`;
  const res = await fetch(`${base}${probe.path}`, { method: probe.method, headers, body: probe.body as BodyInit | undefined });
  return comparable(res, { present: ["content-length", "etag", "x-request-id"], exact: ["content-type", "www-authenticate", "allow", "retry-after"] });
}

async function directCount(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^evently_http_direct_requests_total (\d+)/m.exec(text)?.[1] ?? "NaN");
}

t.test("every probe: the same answer through the direct path and through Express", async (t) => {
  for (const probe of probes) {
    const before = [await directCount(direct.base), await directCount(express.base)];
    const viaDirect = await send(direct.base, probe);
    const viaExpress = await send(express.base, probe);
    t.same(viaDirect, viaExpress, `${probe.name}: ${viaDirect.status}`);
    t.equal(await directCount(direct.base) - before[0], probe.direct ? 1 : 0, `${probe.name}: ${probe.direct ? "answered directly" : "left to Express"}`);
    t.equal(await directCount(express.base) - before[1], 0, `${probe.name}: never direct with directApi: false`);
  }
});

t.test("a booking, its replay and a hold released: the same through both doors", async (t) => {
  const answers = [];
  for (const api of [direct, express]) {
    const key = `direct-${randomUUID()}`;
    const first = await api.call("post", "/api/v1/bookings", { token: userToken, body: { event_id: event, quantity: 2 }, headers: { "idempotency-key": key } });
    const replay = await api.call("post", "/api/v1/bookings", { token: userToken, body: { event_id: event, quantity: 2 }, headers: { "idempotency-key": key } });
    t.equal(replay.body.id, first.body.id, "a replay answers the same booking");
    const hold = await api.call("post", "/api/v1/holds", { token: userToken, body: { event_id: event, quantity: 1 } });
    const released = await api.call("delete", `/api/v1/holds/${hold.body.id}`, { token: userToken });
    answers.push({
      statuses: [first.status, replay.status, hold.status, released.status],
      fields: Object.keys(first.body).sort(),
      quantity: first.body.quantity,
      releasedBody: released.body,
      etag: [first.headers.get("etag") !== null, released.headers.get("etag")],
    });
  }
  t.same(answers[0], answers[1]);
  t.same(answers[0].statuses, [201, 201, 201, 204]);
  const { rows } = await db.pool.query("select count(*)::int as n from evently.bookings where event_id = $1 and quantity = 2", [event]);
  t.equal(rows[0].n, 2, "one booking per door: the replays made none");
});
