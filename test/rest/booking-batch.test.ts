// POST /api/v1/bookings with batching on (the default): concurrent requests for one event
// are grouped into evently_private.book_tickets_batch calls, and every request still gets
// its own answer — a booking, or its own registered error — as if it had been alone.
import t from "tap";
import { createEvent, createTestDb, createUser, createUsers } from "../helpers.ts";
import { startApi, tokenFor } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 1_000_000, durationSeconds: 60 } });
const admin = await createUser(db, { admin: true });

t.test("each request of a group gets its own answer; one failure never fails another", async (t) => {
  const event = await createEvent(db, admin, { capacity: 40, maxPerUser: 2 });
  const users = await createUsers(db, 60);
  const greedy = users[0];
  const before = { ...api.bookingBatch!.stats };
  const requests = [
    // The greedy user asks three times for 1 ticket: the per-user limit allows 2.
    ...[1, 2, 3].map((i) => ({ user: greedy, body: { event_id: event, quantity: 1 }, key: `greedy-${i}` })),
    // A malformed idempotency key (a space) is that request's own EVIDK.
    { user: users[1], body: { event_id: event, quantity: 1 }, key: "bad key" },
    // The same key twice for one user: one booking, replayed.
    { user: users[2], body: { event_id: event, quantity: 2 }, key: "twice" },
    { user: users[2], body: { event_id: event, quantity: 2 }, key: "twice" },
    // Everyone else: one ticket each, more than remain.
    ...users.slice(3).map((u, i) => ({ user: u, body: { event_id: event, quantity: 1 }, key: `k-${i}` })),
  ];
  const replies = await Promise.all(
    requests.map((r) => api.call("post", "/api/v1/bookings", { token: tokenFor(r.user), body: r.body, headers: { "idempotency-key": r.key } })),
  );
  const after = api.bookingBatch!.stats;
  t.ok(after.batches > before.batches, `requests were grouped (${after.batches - before.batches} batches of ${after.batchedRequests - before.batchedRequests} requests)`);

  const greedyCodes = replies.slice(0, 3).map((r) => (r.status === 201 ? "ok" : r.body.code)).sort();
  t.same(greedyCodes, ["EVLIM", "ok", "ok"], "the per-user limit holds inside a group");
  t.equal(replies[3].status, 400);
  t.equal(replies[3].body.code, "EVIDK", "a bad key is that request's own error");
  t.equal(replies[4].status, replies[5].status, "the replay answers like the original");
  if (replies[4].status === 201) t.equal(replies[4].body.id, replies[5].body.id, "the same booking twice");
  for (const r of replies) {
    if (r.status === 201) t.ok(/^[0-9a-f-]{36}$/.test(r.body.id) && r.body.event_id === event, "a success carries its booking");
    else t.ok(["EVLIM", "EVIDK", "EVSLD"].includes(r.body.code), `refusals carry a registered code (${r.body.code})`);
  }
  const { rows } = await db.pool.query(
    `select e.booked, (select coalesce(sum(quantity), 0)::int from evently.bookings b where b.event_id = e.id and b.status = 'confirmed') as sold,
            (select count(*)::int from evently.bookings b where b.event_id = e.id) as bookings
       from evently.events e where e.id = $1`, [event]);
  const created = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id));
  t.equal(rows[0].booked, 40, "sold out exactly");
  t.equal(rows[0].sold, 40, "counter equals rows");
  t.equal(rows[0].bookings, created.size, "every booking in the database was answered to a client, once");
  t.equal(replies.filter((r) => r.body.code === "EVSLD").length > 0, true, "the rest were refused as sold out");
});

t.test("with batching off every booking is its own transaction and answers the same way", async (t) => {
  const plain = await startApi(t, db, { rateLimit: { points: 1_000_000, durationSeconds: 60 }, bookingBatch: false });
  t.equal(plain.bookingBatch, undefined);
  const event = await createEvent(db, admin, { capacity: 5 });
  const users = await createUsers(db, 10);
  const replies = await Promise.all(users.map((u) => plain.call("post", "/api/v1/bookings", { token: tokenFor(u), body: { event_id: event, quantity: 1 } })));
  t.same(replies.map((r) => r.status).sort(), [201, 201, 201, 201, 201, 409, 409, 409, 409, 409]);
});
