// Rate limits are shared through PostgreSQL: two app instances on one database with a
// limit of 10 per minute let exactly 10 booking requests through, then answer 429.
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

t.test("reads are not limited", async (t) => {
  const replies = await Promise.all(Array.from({ length: 15 }, () => one.call("get", "/api/v1/events")));
  t.ok(replies.every((r) => r.status === 200));
});
