// Rate limits are shared through PostgreSQL: two app instances on one database with a
// limit of 10 per minute let exactly 10 booking requests through, then answer 429. Tokens
// are leased from a shared budget and spent locally (src/rest/rate-limit.ts); a user over
// their own limit never spends the address's budget that other users behind it share.
import t from "tap";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { startApi, tokenFor } from "./client.ts";

const db = await createTestDb(t);
const limit = { points: 10, durationSeconds: 60 };
const one = await startApi(t, db, { rateLimit: limit });
const two = await startApi(t, db, { rateLimit: limit });
const adminId = await createUser(db, { admin: true });

t.test("booking: exactly 10 of 20 concurrent requests across two instances pass", async (t) => {
  const userId = await createUser(db);
  const event = await createEvent(db, adminId, { capacity: 100, maxPerUser: 100 });
  const token = tokenFor(userId);
  const replies = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      (i % 2 ? one : two).call("post", "/api/v1/bookings", { token, body: { event_id: event, quantity: 1 } })),
  );
  const statuses = replies.map((r) => r.status);
  t.equal(statuses.filter((s) => s === 201).length, 10, "10 booked");
  t.equal(statuses.filter((s) => s === 429).length, 10, "10 refused");
  const refused = replies.find((r) => r.status === 429)!;
  t.equal(refused.body.code, "EVRAT");
  const retryAfter = Number(refused.headers.get("retry-after"));
  t.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After: ${retryAfter}`);
  const { rows } = await db.pool.query("select sum(quantity)::int as n from evently.bookings where event_id = $1", [event]);
  t.equal(rows[0].n, 10, "the refused requests never reached the booking function");
});

t.test("auth: login attempts are limited per IP", async (t) => {
  const replies = [];
  for (let i = 0; i < 12; i++) {
    replies.push(await (i % 2 ? one : two).call("post", "/api/v1/auth/login", { body: { email: "nobody@example.com", password: "wrong password" } }));
  }
  t.same(replies.map((r) => r.status), [...Array(10).fill(401), 429, 429]);
});

t.test("a user over their own limit never spends the shared IP budget (users behind one proxy)", async (t) => {
  // Per user 5, per IP 12, every request from one client address behind a proxy. User A
  // sends 10: 5 pass, 5 are refused by A's own limit and must not count against the IP.
  // Then B gets all 5 of its own, and C only what is left of the IP's 12 (2): had A's
  // refusals counted, B would get 2.
  const limits = { points: 5, ipPoints: 12, durationSeconds: 60 };
  const x = await startApi(t, db, { rateLimit: limits, trustProxy: 1 });
  const y = await startApi(t, db, { rateLimit: limits, trustProxy: 1 });
  const event = await createEvent(db, adminId, { capacity: 100, maxPerUser: 100 });
  const send = async (userId: string, n: number) => {
    const token = tokenFor(userId);
    const replies = [];
    for (let i = 0; i < n; i++) {
      replies.push(await (i % 2 ? x : y).call("post", "/api/v1/bookings", {
        token, body: { event_id: event, quantity: 1 }, headers: { "x-forwarded-for": "203.0.113.7" },
      }));
    }
    return replies.filter((r) => r.status === 201).length;
  };
  const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)];
  t.equal(await send(a, 10), 5, "A: its own limit");
  t.equal(await send(b, 10), 5, "B: its own limit, untouched by A's refused requests");
  t.equal(await send(c, 10), 2, "C: what is left of the IP's 12");
});

t.test("tokens a process leased but did not spend go back to the shared budget", async (t) => {
  // A busy key leases ahead; once idle, what it did not spend returns, so the other
  // instance can still grant the whole limit in the same window.
  const limits = { points: 200, ipPoints: 1000, durationSeconds: 60 };
  const x = await startApi(t, db, { rateLimit: limits });
  const y = await startApi(t, db, { rateLimit: limits });
  const userId = await createUser(db);
  const event = await createEvent(db, adminId, { capacity: 1000, maxPerUser: 1000 });
  const token = tokenFor(userId);
  const book = (api: typeof x, n: number) =>
    Promise.all(Array.from({ length: n }, () => api.call("post", "/api/v1/bookings", { token, body: { event_id: event, quantity: 1 } })));
  const first = await book(x, 60);
  t.ok(first.every((r) => r.status === 201), "60 on one instance");
  const { rows: leased } = await db.pool.query("select granted from evently_ops.rate_limit_budgets where key = $1", [`booking:user:${userId}`]);
  t.ok(leased[0].granted >= 60, `the budget counts at least the 60 spent (${leased[0].granted} leased)`);
  await new Promise((r) => setTimeout(r, 2500));
  const { rows: back } = await db.pool.query("select granted from evently_ops.rate_limit_budgets where key = $1", [`booking:user:${userId}`]);
  t.equal(back[0].granted, 60, "after the idle time only the spent tokens remain counted");
  const second = await book(y, 150);
  t.equal(second.filter((r) => r.status === 201).length, 140, "the other instance grants exactly the rest of the 200");
});

t.test("reads are not limited", async (t) => {
  const replies = await Promise.all(Array.from({ length: 15 }, () => one.call("get", "/api/v1/events")));
  t.ok(replies.every((r) => r.status === 200));
});
