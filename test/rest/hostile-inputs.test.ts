// The inputs issue #9 found answering 500, each now a 400 problem with a registered code
// naming the field: NUL characters and lone surrogates in strings and keys, integers
// beyond PostgreSQL's 32 bits, numbers JSON makes infinite, dates PostgreSQL cannot store.
// (test/rest/fuzz.test.ts fires random ones at every route.)
import t, { type Test } from "tap";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { startApi, tokenFor } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 100_000, durationSeconds: 60 } });
const adminId = await createUser(db, { admin: true });
const userId = await createUser(db);
const admin = tokenFor(adminId, true);
const user = tokenFor(userId);
const event = await createEvent(db, adminId);
const { rows: [venue] } = await db.pool.query("insert into evently.venues (name) values ('Hall') returning id");

/** Sends a raw body (so 1e400 stays 1e400) and checks the 400 problem. */
async function expect400(t: Test, method: string, path: string, opts: { token?: string; body?: string; field?: string }) {
  const res = await fetch(`${api.base}/api/v1${path}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body,
  });
  const text = await res.text();
  const what = `${method} ${path} ${opts.body ?? ""}`.slice(0, 160);
  t.equal(res.status, 400, `${what}: 400`);
  t.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json", "problem+json");
  const problem = JSON.parse(text);
  t.equal(problem.code, "EVINV", `registered code (${problem.detail})`);
  if (opts.field) {
    t.equal(problem.field, opts.field, `names the field ${opts.field}`);
    t.match(problem.detail, opts.field.replace(/\[.*$/, ""), "the message names it too");
  }
}

const json = (value: unknown) => JSON.stringify(value);
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

t.test("NUL characters and lone surrogates, in any string or key", async (t) => {
  await expect400(t, "POST", "/auth/register", { body: json({ email: "a\u0000b@example.com", password: "password-123", name: "N" }), field: "email" });
  await expect400(t, "POST", "/auth/login", { body: json({ email: "a@example.com", password: "pass\u0000word" }), field: "password" });
  await expect400(t, "GET", "/venues?city=%00", { field: "city" });
  await expect400(t, "GET", "/events?city=%00", { field: "city" });
  await expect400(t, "GET", "/events?city=a%00b", { field: "city" });
  await expect400(t, "POST", "/venues", { token: admin, body: json({ name: "\ud800" }), field: "name" });
  await expect400(t, "POST", `/venues/${venue.id}/seats/import`, {
    token: admin,
    body: json([{ section: "\ud800", row: "A", number: 1, x: 0, y: 0 }]),
    field: "body[0].section",
  });
  await expect400(t, "POST", "/events", {
    token: admin,
    body: json({ name: "E", starts_at: inDays(5), capacity: 10, category_prices: { "a\u0000": 100 } }),
    field: "category_prices",
  });
  await expect400(t, "POST", "/events", { token: admin, body: json({ name: "E\udc00x", starts_at: inDays(5), capacity: 10 }), field: "name" });
  await expect400(t, "POST", `/events/${event}/cancel`, { token: admin, body: json({ reason: "\u0000" }), field: "reason" });
});

const OUT_OF_RANGE = ["2147483648", "-2147483649", "9007199254740993", "1e20", "1e400", "-1e400"];

t.test("integers outside 32 bits and numbers JSON makes infinite", async (t) => {
  for (const n of OUT_OF_RANGE) {
    await expect400(t, "POST", "/bookings", { token: user, body: `{"event_id":"${event}","quantity":${n}}`, field: "quantity" });
    await expect400(t, "POST", "/holds", { token: user, body: `{"event_id":"${event}","quantity":${n}}` });
    await expect400(t, "POST", `/events/${event}/waitlist`, { token: user, body: `{"quantity":${n}}`, field: "quantity" });
    for (const field of ["capacity", "price_cents", "max_tickets_per_user", "hold_ttl_seconds"]) {
      await expect400(t, "POST", "/events", { token: admin, body: `{"name":"E","starts_at":"${inDays(5)}","${field}":${n}}`, field });
      await expect400(t, "PATCH", `/events/${event}`, { token: admin, body: `{"${field}":${n}}`, field });
    }
    for (const field of ["rows", "seats_per_row"]) {
      const body = { section: "S", rows: 1, seats_per_row: 1 } as Record<string, unknown>;
      await expect400(t, "POST", `/venues/${venue.id}/seats`, { token: admin, body: json(body).replace(`"${field}":1`, `"${field}":${n}`), field });
    }
    await expect400(t, "GET", `/events?limit=${n}`, { field: "limit" });
  }
  const { rows } = await db.pool.query("select count(*)::int as n from evently.bookings");
  t.equal(rows[0].n, 0, "nothing was booked");
});

t.test("dates PostgreSQL cannot store", async (t) => {
  for (const date of ["0000-01-01T00:00:00Z", "0000-12-31T23:59:59+00:00", "2027-01-01T00:00:00+16:00"]) {
    await expect400(t, "GET", `/events?starts_after=${encodeURIComponent(date)}`, { field: "starts_after" });
    await expect400(t, "GET", `/events?starts_before=${encodeURIComponent(date)}`, { field: "starts_before" });
    await expect400(t, "POST", "/events", { token: admin, body: json({ name: "E", starts_at: date, capacity: 1 }), field: "starts_at" });
    await expect400(t, "POST", "/events", { token: admin, body: json({ name: "E", starts_at: inDays(5), ends_at: date, capacity: 1 }), field: "ends_at" });
    await expect400(t, "PATCH", `/events/${event}`, { token: admin, body: json({ starts_at: date }), field: "starts_at" });
    await expect400(t, "PATCH", `/events/${event}`, { token: admin, body: json({ ends_at: date }), field: "ends_at" });
    await expect400(t, "GET", `/admin/analytics/summary?since=${encodeURIComponent(date)}`, { token: admin, field: "since" });
    await expect400(t, "GET", `/admin/analytics/events?starts_after=${encodeURIComponent(date)}`, { token: admin, field: "starts_after" });
  }
  await expect400(t, "GET", "/admin/analytics/daily?since=0000-01-01", { token: admin, field: "since" });
  await expect400(t, "GET", "/admin/analytics/daily?until=0000-06-30", { token: admin, field: "until" });
  const ok = await fetch(`${api.base}/api/v1/events?starts_after=${encodeURIComponent("0001-01-01T00:00:00Z")}`);
  t.equal(ok.status, 200, "year 0001 is a date PostgreSQL stores");
});

t.test("deep nesting is refused, not a stack overflow", async (t) => {
  const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
  await expect400(t, "POST", `/venues/${venue.id}/seats/import`, { token: admin, body: deep });
});
