// POST /api/v1/bookings with batching on (the default): concurrent requests for one event
// are grouped into evently_private.book_tickets_batch calls, and every request still gets
// its own answer — a booking, or its own registered error — as if it had been alone.
import t from "tap";
import { createEvent, createTestDb, createUser, createUsers } from "../helpers.ts";
import { startApi, tokenFor } from "./client.ts";

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 1_000_000, durationSeconds: 60 } });
const admin = await createUser(db, { admin: true });

// Two rounds, as test/graphql/booking-batch.test.ts: the per-user limit, the bad key and the
// replay where capacity cannot run out first (requests reach the server in any order, and
// one that came after the sell-out would be EVSLD whatever else held), then sold-out where it must.
t.test("each request of a group gets its own answer; one failure never fails another", async (t) => {
  const event = await createEvent(db, admin, { capacity: 70, maxPerUser: 2 });
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
    // Everyone else: one ticket each (61 tickets asked for in all, 70 for sale).
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
  t.equal(replies[4].status, 201, "the keyed request booked");
  t.equal(replies[5].status, 201, "its replay answers like the original");
  t.equal(replies[4].body.id, replies[5].body.id, "the same booking twice");
  t.same(replies.slice(6).map((r) => r.status), replies.slice(6).map(() => 201), "everyone else booked");
  for (const r of replies) {
    if (r.status === 201) t.ok(/^[0-9a-f-]{36}$/.test(r.body.id) && r.body.event_id === event, "a success carries its booking");
  }
  const { rows } = await db.pool.query(
    `select e.booked, (select coalesce(sum(quantity), 0)::int from evently.bookings b where b.event_id = e.id and b.status = 'confirmed') as sold,
            (select count(*)::int from evently.bookings b where b.event_id = e.id) as bookings
       from evently.events e where e.id = $1`, [event]);
  const created = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id));
  t.equal(rows[0].booked, 2 + 2 + 57, "every ticket asked for within the limits was sold");
  t.equal(rows[0].sold, rows[0].booked, "counter equals rows");
  t.equal(rows[0].bookings, created.size, "every booking in the database was answered to a client, once");
});

t.test("concurrent bookings past capacity: sold out exactly, each refusal its own", async (t) => {
  const event = await createEvent(db, admin, { capacity: 30, maxPerUser: 2 });
  const users = await createUsers(db, 45);
  const replies = await Promise.all(users.map((u, i) =>
    api.call("post", "/api/v1/bookings", { token: tokenFor(u), body: { event_id: event, quantity: 1 }, headers: { "idempotency-key": `s-${i}` } })));
  t.ok(replies.every((r) => r.status === 201 || r.body.code === "EVSLD"), "every request is booked or EVSLD");
  t.equal(replies.filter((r) => r.status === 201).length, 30, "exactly the capacity was booked");
  const { rows } = await db.pool.query(
    `select e.booked, (select coalesce(sum(quantity), 0)::int from evently.bookings b where b.event_id = e.id and b.status = 'confirmed') as sold
       from evently.events e where e.id = $1`, [event]);
  t.same(rows[0], { booked: 30, sold: 30 }, "sold out exactly, counter = rows");
});

t.test("with batching off every booking is its own transaction and answers the same way", async (t) => {
  const plain = await startApi(t, db, { rateLimit: { points: 1_000_000, durationSeconds: 60 }, bookingBatch: false });
  t.equal(plain.bookingBatch, undefined);
  const event = await createEvent(db, admin, { capacity: 5 });
  const users = await createUsers(db, 10);
  const replies = await Promise.all(users.map((u) => plain.call("post", "/api/v1/bookings", { token: tokenFor(u), body: { event_id: event, quantity: 1 } })));
  t.same(replies.map((r) => r.status).sort(), [201, 201, 201, 201, 201, 409, 409, 409, 409, 409]);
});
