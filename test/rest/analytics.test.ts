// Admin analytics through REST against fixture rows whose figures are computed here in
// TypeScript, independently of the SQL.
import t from "tap";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { startApi, tokenFor } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db);
const adminId = await createUser(db, { admin: true });
const userId = await createUser(db);
const admin = tokenFor(adminId, true);

const day = (d: number, hour = 12) => new Date(Date.UTC(2030, 0, d, hour));
const events = [
  { id: await createEvent(db, adminId, { capacity: 10, priceCents: 1000 }), capacity: 10 },
  { id: await createEvent(db, adminId, { capacity: 4, priceCents: 5000 }), capacity: 4 },
  { id: await createEvent(db, adminId, { capacity: 100, priceCents: 100 }), capacity: 100 },
];
interface Row { event: number; quantity: number; cents: number; created: Date; cancelled?: Date }
const bookings: Row[] = [
  { event: 0, quantity: 2, cents: 2000, created: day(1, 9) },
  { event: 0, quantity: 3, cents: 3000, created: day(1, 23), cancelled: day(2, 8) },
  { event: 1, quantity: 4, cents: 20000, created: day(2, 0) },
  { event: 2, quantity: 1, cents: 100, created: day(3, 10) },
  { event: 2, quantity: 5, cents: 500, created: day(3, 11), cancelled: day(3, 12) },
  { event: 0, quantity: 1, cents: 1000, created: day(9) }, // outside the window below
];
const holds = [
  { event: 0, status: "confirmed", created: day(1) },
  { event: 0, status: "expired", created: day(2) },
  { event: 1, status: "released", created: day(2) },
  { event: 2, status: "confirmed", created: day(3) },
  { event: 2, status: "confirmed", created: day(10) }, // outside
];
for (const b of bookings) {
  await db.pool.query(
    `insert into evently.bookings (event_id, user_id, quantity, total_cents, status, created_at, cancelled_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [events[b.event].id, userId, b.quantity, b.cents, b.cancelled ? "cancelled" : "confirmed", b.created, b.cancelled ?? null],
  );
}
for (const h of holds) {
  await db.pool.query(
    `insert into evently.holds (event_id, user_id, quantity, status, expires_at, created_at, closed_at)
     values ($1, $2, 1, $3, $4, $4, $4)`,
    [events[h.event].id, userId, h.status, h.created],
  );
}
// Keep the counters true to the rows (as the booking functions would have).
for (const [i, e] of events.entries()) {
  const booked = bookings.filter((b) => b.event === i && !b.cancelled).reduce((n, b) => n + b.quantity, 0);
  await db.pool.query("update evently.events set booked = $2 where id = $1", [e.id, booked]);
}

const since = day(1, 0).toISOString();
const until = day(4, 0).toISOString();
const inWindow = bookings.filter((b) => b.created >= day(1, 0) && b.created < day(4, 0));
const holdsInWindow = holds.filter((h) => h.created >= day(1, 0) && h.created < day(4, 0));
const round4 = (x: number) => Math.round(x * 10000) / 10000;

t.test("summary", async (t) => {
  const reply = await api.call("get", `/api/v1/admin/analytics/summary?since=${since}&until=${until}`, { token: admin });
  t.equal(reply.status, 200);
  const confirmed = inWindow.filter((b) => !b.cancelled);
  const cancelled = inWindow.filter((b) => b.cancelled);
  const holdsConfirmed = holdsInWindow.filter((h) => h.status === "confirmed").length;
  t.same(reply.body, {
    bookings_created: inWindow.length,
    bookings_cancelled: cancelled.length,
    tickets_sold: confirmed.reduce((n, b) => n + b.quantity, 0),
    revenue_cents: confirmed.reduce((n, b) => n + b.cents, 0),
    cancellation_rate: round4(cancelled.length / inWindow.length),
    holds_created: holdsInWindow.length,
    holds_confirmed: holdsConfirmed,
    hold_conversion_rate: round4(holdsConfirmed / holdsInWindow.length),
  });
  const empty = await api.call("get", "/api/v1/admin/analytics/summary?since=2031-01-01T00:00:00Z&until=2031-02-01T00:00:00Z", { token: admin });
  t.equal(empty.body.cancellation_rate, null, "no bookings, no rate");
  const backwards = await api.call("get", `/api/v1/admin/analytics/summary?since=${until}&until=${since}`, { token: admin });
  t.equal(backwards.status, 400);
  t.equal(backwards.body.field, "until");
});

t.test("daily", async (t) => {
  const reply = await api.call("get", "/api/v1/admin/analytics/daily?since=2030-01-01&until=2030-01-04", { token: admin });
  t.equal(reply.status, 200);
  const expected = [1, 2, 3, 4].map((d) => {
    const made = bookings.filter((b) => b.created.getUTCDate() === d && b.created.getUTCMonth() === 0);
    return {
      day: `2030-01-0${d}`,
      bookings: made.length,
      tickets: made.reduce((n, b) => n + b.quantity, 0),
      revenue_cents: made.filter((b) => !b.cancelled).reduce((n, b) => n + b.cents, 0),
      cancellations: bookings.filter((b) => b.cancelled?.getUTCDate() === d).length,
    };
  });
  t.same(reply.body, expected);
  const tooLong = await api.call("get", "/api/v1/admin/analytics/daily?since=2030-01-01&until=2031-06-01", { token: admin });
  t.equal(tooLong.status, 400);
});

t.test("top events by tickets, revenue, utilization", async (t) => {
  const figures = events.map((e, i) => {
    const live = bookings.filter((b) => b.event === i && !b.cancelled);
    const sold = live.reduce((n, b) => n + b.quantity, 0);
    return { event_id: e.id, tickets_sold: sold, revenue_cents: live.reduce((n, b) => n + b.cents, 0), utilization: round4(sold / e.capacity) };
  });
  for (const [orderBy, key] of [["tickets", "tickets_sold"], ["revenue", "revenue_cents"], ["utilization", "utilization"]] as const) {
    const reply = await api.call("get", `/api/v1/admin/analytics/events?order_by=${orderBy}&max_rows=2`, { token: admin });
    t.equal(reply.status, 200);
    const expected = [...figures].sort((a, b) => b[key] - a[key]).slice(0, 2);
    t.same(reply.body.map((r: any) => ({ event_id: r.event_id, tickets_sold: r.tickets_sold, revenue_cents: r.revenue_cents, utilization: r.utilization })),
      expected, `by ${orderBy}`);
  }
  t.equal((await api.call("get", "/api/v1/admin/analytics/events?order_by=name", { token: admin })).status, 400);
});

t.test("stats", async (t) => {
  const reply = await api.call("get", "/api/v1/stats", { token: admin });
  t.equal(reply.status, 200);
  t.equal(reply.body.events_upcoming, 3);
  t.equal(reply.body.events_sold_out, 1, "the 4-seat event is full");
  t.equal(reply.body.tickets_sold, 2 + 4 + 1 + 1);
});

t.test("admins only", async (t) => {
  for (const path of ["/api/v1/admin/analytics/summary", "/api/v1/admin/analytics/daily", "/api/v1/admin/analytics/events", "/api/v1/stats"]) {
    const user = await api.call("get", path, { token: tokenFor(userId) });
    t.equal(user.status, 403, `${path}: 403 for users`);
    t.equal(user.body.code, "EVFBD");
    t.equal((await api.call("get", path)).status, 401, `${path}: 401 anonymous`);
  }
});

t.test("in GraphQL too, for admins only", async (t) => {
  const query = `{ analyticsSummary(since: "${since}", until: "${until}") { bookingsCreated ticketsSold } }`;
  const post = (token?: string) => fetch(`${api.base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  }).then((r) => r.json());
  const ok = await post(admin);
  t.same(ok.data.analyticsSummary, { bookingsCreated: inWindow.length, ticketsSold: 2 + 4 + 1 });
  const refused = await post(tokenFor(userId));
  t.equal(refused.errors[0].extensions.code, "EVFBD");
});
