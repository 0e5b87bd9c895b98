// The booking functions' happy paths and every registered error, through SQL as a user would call them.
import t from "tap";
import { counterMismatches, createEvent, createTestDb, createUser, expireHoldNow, relayHoldExpiries, sqlAs, sqlState } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });
const alice = await createUser(db);
const bob = await createUser(db);

t.test("hold_tickets then confirm_hold issues a booking with one ticket per person", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10, priceCents: 2500 });
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_tickets(event_id => $1, quantity => $2)", [event, 3]);
  t.equal(hold.status, "active");
  t.equal(hold.quantity, 3);
  t.ok(new Date(hold.expires_at).getTime() > Date.now() + 4 * 60_000, "expires after the event's 5-minute hold_ttl");
  const [{ held, booked }] = (await db.pool.query("select held, booked from evently.events where id = $1", [event])).rows;
  t.same([held, booked], [3, 0]);
  t.equal((await db.pool.query("select 1 from graphile_worker.jobs where key = $1", [`expire_hold:${hold.id}`])).rowCount, 0,
    "no job yet: the hold's transaction records its expiry for the relay");
  t.equal(await relayHoldExpiries(db), 1, "the relay takes the hold's record");
  const job = await db.pool.query("select run_at from graphile_worker.jobs where key = $1", [`expire_hold:${hold.id}`]);
  t.equal(job.rowCount, 1, "one expiry job per hold, keyed by the hold");
  t.equal(new Date(job.rows[0].run_at).getTime(), new Date(hold.expires_at).getTime(), "due when the hold expires");

  const [booking] = await sqlAs(db.pool, alice, "select * from evently.confirm_hold(hold_id => $1)", [hold.id]);
  t.equal(booking.status, "confirmed");
  t.equal(booking.quantity, 3);
  t.equal(booking.hold_id, hold.id);
  t.equal(booking.total_cents, 7500);
  const tickets = await sqlAs(db.pool, alice, "select code from evently.tickets where booking_id = $1", [booking.id]);
  t.equal(tickets.length, 3);
  t.equal(new Set(tickets.map((r) => r.code)).size, 3, "ticket codes are distinct");
  t.ok(tickets.every((r) => /^[0-9a-f]{32}$/.test(r.code)), "codes carry 128 random bits");
  const after = (await db.pool.query("select held, booked from evently.events where id = $1", [event])).rows[0];
  t.same([after.held, after.booked], [0, 3]);
  t.equal((await db.pool.query("select 1 from graphile_worker.jobs where key = $1", [`expire_hold:${hold.id}`])).rowCount, 0,
    "confirm removes the expiry job");
  t.same(await counterMismatches(db), []);
});

t.test("book_tickets' booking_confirmed outbox row carries the booking and every ticket code (one ticket and several)", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10, priceCents: 1200 });
  // One ticket and several are written by different statements (issue_booking).
  for (const quantity of [1, 3]) {
    const [booking] = await sqlAs(db.pool, bob, "select * from evently.book_tickets($1, $2)", [event, quantity]);
    const codes = (await db.pool.query("select code from evently.tickets where booking_id = $1 order by code", [booking.id]))
      .rows.map((r) => r.code);
    t.equal(codes.length, quantity);
    const { rows } = await db.pool.query(
      "select payload, status from evently.notifications where kind = 'booking_confirmed' and payload->>'booking_id' = $1",
      [booking.id]);
    t.equal(rows.length, 1, `one outbox row for the booking of ${quantity}`);
    t.equal(rows[0].status, "pending");
    t.same(rows[0].payload, {
      booking_id: booking.id, quantity, total_cents: 1200 * quantity,
      tickets: codes.map((code: string) => ({ code, seat: null })),
    }, `the payload of the booking of ${quantity} lists its codes in order`);
  }
  t.same(await counterMismatches(db), []);
});

t.test("release_hold gives the tickets back; releasing twice is EVHNA", async (t) => {
  const event = await createEvent(db, admin, { capacity: 2 });
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_tickets($1, 2)", [event]);
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.book_tickets($1, 1)", [event])), "EVSLD");
  const [released] = await sqlAs(db.pool, alice, "select * from evently.release_hold(hold_id => $1)", [hold.id]);
  t.equal(released.status, "released");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.release_hold($1)", [hold.id])), "EVHNA");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.confirm_hold($1)", [hold.id])), "EVHNA");
  const [booking] = await sqlAs(db.pool, bob, "select * from evently.book_tickets($1, 2)", [event]);
  t.equal(booking.quantity, 2, "released tickets are on sale again");
  t.same(await counterMismatches(db), []);
});

t.test("book_tickets sells up to capacity and then raises EVSLD", async (t) => {
  const event = await createEvent(db, admin, { capacity: 3 });
  await sqlAs(db.pool, alice, "select evently.book_tickets(event_id => $1, quantity => $2)", [event, 2]);
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.book_tickets($1, 2)", [event])), "EVSLD");
  await sqlAs(db.pool, bob, "select evently.book_tickets($1, 1)", [event]);
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.book_tickets($1, 1)", [event])), "EVSLD");
  const [e] = (await db.pool.query("select booked, held from evently.events where id = $1", [event])).rows;
  t.same([e.booked, e.held], [3, 0]);
  t.same(await counterMismatches(db), []);
});

t.test("cancel_booking frees the tickets; cancelling twice is EVBCN", async (t) => {
  const event = await createEvent(db, admin, { capacity: 1 });
  const [booking] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 1)", [event]);
  const [cancelled] = await sqlAs(db.pool, alice, "select * from evently.cancel_booking(booking_id => $1)", [booking.id]);
  t.equal(cancelled.status, "cancelled");
  t.ok(cancelled.cancelled_at);
  const tickets = await sqlAs(db.pool, alice, "select status from evently.tickets where booking_id = $1", [booking.id]);
  t.same(tickets.map((r) => r.status), ["cancelled"]);
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.cancel_booking($1)", [booking.id])), "EVBCN");
  await sqlAs(db.pool, bob, "select evently.book_tickets($1, 1)", [event]);
  t.same(await counterMismatches(db), []);
});

t.test("someone else's hold or booking is not found (EVNFD), and stays untouched", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5 });
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_tickets($1, 1)", [event]);
  const [booking] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 1)", [event]);
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.confirm_hold($1)", [hold.id])), "EVNFD");
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.release_hold($1)", [hold.id])), "EVNFD");
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.cancel_booking($1)", [booking.id])), "EVNFD");
  t.same(await sqlAs(db.pool, bob, "select id from evently.bookings where id = $1", [booking.id]), [], "RLS hides the booking");
  t.same(await sqlAs(db.pool, bob, "select id from evently.holds where id = $1", [hold.id]), [], "RLS hides the hold");
  t.same(await sqlAs(db.pool, bob, "select id from evently.tickets where booking_id = $1", [booking.id]), [], "RLS hides the tickets");
  const [still] = (await db.pool.query("select status from evently.bookings where id = $1", [booking.id])).rows;
  t.equal(still.status, "confirmed");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.confirm_hold($1)", ["00000000-0000-0000-0000-000000000000"])), "EVNFD");
  const [asAdmin] = await sqlAs(db.pool, admin, "select count(*)::int as n from evently.bookings where id = $1", [booking.id]);
  t.equal(asAdmin.n, 1, "admins see every booking");
});

t.test("an expired hold cannot be confirmed (EVHEX) and never blocks a sale, with no worker running", async (t) => {
  const event = await createEvent(db, admin, { capacity: 2 });
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_tickets($1, 2)", [event]);
  await expireHoldNow(db, hold.id);
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.confirm_hold($1)", [hold.id])), "EVHEX");
  const [{ available }] = await sqlAs(db.pool, null, "select evently.events_available(e) as available from evently.events e where id = $1", [event]);
  t.equal(available, 2, "availability ignores expired holds");
  const [booking] = await sqlAs(db.pool, bob, "select * from evently.book_tickets($1, 2)", [event]);
  t.equal(booking.quantity, 2);
  const [h] = (await db.pool.query("select status from evently.holds where id = $1", [hold.id])).rows;
  t.equal(h.status, "expired", "the booking function reclaimed the expired hold itself");
  t.same(await counterMismatches(db), []);
});

t.test("per-user limit spans holds and bookings (EVLIM); quantity must be positive (EVQTY)", async (t) => {
  const event = await createEvent(db, admin, { capacity: 100, maxPerUser: 4 });
  await sqlAs(db.pool, alice, "select evently.hold_tickets($1, 2)", [event]);
  await sqlAs(db.pool, alice, "select evently.book_tickets($1, 1)", [event]);
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 2)", [event])), "EVLIM");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.hold_tickets($1, 2)", [event])), "EVLIM");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 5)", [event])), "EVLIM");
  await sqlAs(db.pool, alice, "select evently.book_tickets($1, 1)", [event]);
  await sqlAs(db.pool, bob, "select evently.book_tickets($1, 4)", [event]);
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 0)", [event])), "EVQTY");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.hold_tickets($1, -1)", [event])), "EVQTY");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, null)", [event])), "EVQTY");
});

t.test("anonymous callers get EVAUT; unknown, cancelled and past events are refused", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5 });
  t.equal(await sqlState(sqlAs(db.pool, null, "select evently.book_tickets($1, 1)", [event])), "EVAUT");
  t.equal(await sqlState(sqlAs(db.pool, null, "select evently.hold_tickets($1, 1)", [event])), "EVAUT");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 1)", ["00000000-0000-0000-0000-000000000000"])), "EVNFD");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets(null, 1)")), "EVINV");
  await sqlAs(db.pool, admin, "select evently.cancel_event($1)", [event]);
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 1)", [event])), "EVECN");
  const past = await createEvent(db, admin, { capacity: 5 });
  await db.pool.query("update evently.events set starts_at = now() - interval '1 hour' where id = $1", [past]);
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 1)", [past])), "EVPST");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.hold_tickets($1, 1)", [past])), "EVPST");
});

t.test("users may not cancel a booking once the event started; admins may", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5 });
  const [booking] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 1)", [event]);
  await db.pool.query("update evently.events set starts_at = now() - interval '1 minute' where id = $1", [event]);
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.cancel_booking($1)", [booking.id])), "EVPST");
  const [cancelled] = await sqlAs(db.pool, admin, "select * from evently.cancel_booking($1)", [booking.id]);
  t.equal(cancelled.status, "cancelled");
  t.same(await counterMismatches(db), []);
});

t.test("idempotency: same key and request replays; another request with the key is EVIDM", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  const [first] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 2, idempotency_key => 'order-1')", [event]);
  const [again] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 2, idempotency_key => 'order-1')", [event]);
  t.equal(again.id, first.id, "the same booking comes back");
  const [{ booked }] = (await db.pool.query("select booked from evently.events where id = $1", [event])).rows;
  t.equal(booked, 2, "no second sale");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 3, idempotency_key => 'order-1')", [event])), "EVIDM");
  const [bobs] = await sqlAs(db.pool, bob, "select * from evently.book_tickets($1, 2, idempotency_key => 'order-1')", [event]);
  t.not(bobs.id, first.id, "keys are scoped per user");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 1, idempotency_key => '')", [event])), "EVIDK");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 1, idempotency_key => 'has space')", [event])), "EVIDK");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 1, idempotency_key => $2)", [event, "x".repeat(256)])), "EVIDK");

  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_tickets($1, 1)", [event]);
  const [c1] = await sqlAs(db.pool, alice, "select * from evently.confirm_hold($1, idempotency_key => 'confirm-1')", [hold.id]);
  const [c2] = await sqlAs(db.pool, alice, "select * from evently.confirm_hold($1, idempotency_key => 'confirm-1')", [hold.id]);
  t.equal(c2.id, c1.id, "a confirm retry returns the same booking");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.confirm_hold($1)", [hold.id])), "EVHNA", "without the key it is already confirmed");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 1, idempotency_key => 'confirm-1')", [event])), "EVIDM");

  const [{ n }] = (await db.pool.query("select count(*)::int as n from evently_private.idempotency_keys where user_id = $1", [alice])).rows;
  t.equal(n, 2);
  await db.pool.query("update evently_private.idempotency_keys set created_at = now() - interval '25 hours' where idempotency_key = 'order-1'");
  const [{ purged }] = (await db.pool.query("select evently_private.purge_idempotency_keys() as purged")).rows;
  t.equal(purged, 2, "keys older than 24 hours are purged (alice's and bob's order-1)");
  t.equal(await sqlState(db.pool.query("select evently_private.purge_idempotency_keys('1 hour')")), "EVINV", "retention below 24 h is refused");
});

t.test("one key sent for two events at once: one booking stands, the other request is EVIDM and leaves nothing", async (t) => {
  // The per-(user, event) lock does not serialize requests for two events, so the second
  // sees the key unused, books, and meets the first's uncommitted key only when it stores
  // its own (idempotency_record): it waits for the first, then compares the requests.
  const dave = await createUser(db);
  const first = await createEvent(db, admin, { capacity: 5 });
  const second = await createEvent(db, admin, { capacity: 5 });
  const a = await db.pool.connect();
  const b = await db.pool.connect();
  try {
    for (const c of [a, b]) {
      await c.query("begin");
      await c.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [dave]);
    }
    const [{ id: kept }] = (await a.query("select id from evently.book_tickets($1, 1, idempotency_key => 'both')", [first])).rows;
    const { rows: [{ pid }] } = await b.query("select pg_backend_pid() as pid");
    const refused = sqlState(b.query("select id from evently.book_tickets($1, 1, idempotency_key => 'both')", [second]));
    // b waits on a's key (a transaction lock), not anything else.
    for (let i = 0; i < 200; i++) {
      const { rows } = await db.pool.query("select wait_event from pg_stat_activity where pid = $1", [pid]);
      if (rows[0]?.wait_event === "transactionid") break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    t.equal((await db.pool.query("select wait_event from pg_stat_activity where pid = $1", [pid])).rows[0].wait_event,
      "transactionid", "the second request waits for the first one's key");
    await a.query("commit");
    t.equal(await refused, "EVIDM");
    await b.query("rollback");
    const bookings = await db.pool.query("select event_id, id from evently.bookings where user_id = $1", [dave]);
    t.same(bookings.rows, [{ event_id: first, id: kept }], "only the first request's booking");
    const { rows: [key] } = await db.pool.query(
      "select booking_id, request->>'event_id' as event_id from evently_private.idempotency_keys where user_id = $1 and idempotency_key = 'both'", [dave]);
    t.same(key, { booking_id: kept, event_id: first }, "the key remembers the first request and its booking");
    t.same(await counterMismatches(db, [first, second]), [], "counters equal rows on both events");
  } finally {
    for (const c of [a, b]) {
      await c.query("rollback").catch(() => {});
      c.release();
    }
  }
});

t.test("a failed booking leaves nothing half-written (the idempotency key included)", async (t) => {
  const event = await createEvent(db, admin, { capacity: 1 });
  await sqlAs(db.pool, bob, "select evently.book_tickets($1, 1)", [event]);
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 1, idempotency_key => 'retry-me')", [event])), "EVSLD");
  const keys = await db.pool.query("select 1 from evently_private.idempotency_keys where user_id = $1 and idempotency_key = 'retry-me'", [alice]);
  t.equal(keys.rowCount, 0, "a refused request does not burn its key");
  const bookings = await db.pool.query("select 1 from evently.bookings where event_id = $1 and user_id = $2", [event, alice]);
  t.equal(bookings.rowCount, 0);
});

t.test("my_bookings lists only the caller's bookings, split by upcoming and past", async (t) => {
  const carol = await createUser(db);
  const soon = await createEvent(db, admin, { capacity: 5 });
  const later = await createEvent(db, admin, { capacity: 5 });
  await sqlAs(db.pool, carol, "select evently.book_tickets($1, 1)", [soon]);
  await sqlAs(db.pool, carol, "select evently.book_tickets($1, 1)", [later]);
  await sqlAs(db.pool, bob, "select evently.book_tickets($1, 1)", [later]);
  await db.pool.query("update evently.events set starts_at = now() - interval '1 day' where id = $1", [soon]);
  const all = await sqlAs(db.pool, carol, "select event_id from evently.my_bookings()");
  t.equal(all.length, 2);
  const upcoming = await sqlAs(db.pool, carol, "select event_id from evently.my_bookings(upcoming => true)");
  t.same(upcoming.map((r) => r.event_id), [later]);
  const past = await sqlAs(db.pool, carol, "select event_id from evently.my_bookings(upcoming => false)");
  t.same(past.map((r) => r.event_id), [soon]);
});

t.test("the expire_hold function is idempotent and only expires holds that are due", async (t) => {
  const event = await createEvent(db, admin, { capacity: 3 });
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_tickets($1, 1)", [event]);
  t.equal((await db.pool.query("select evently_private.expire_hold($1) as x", [hold.id])).rows[0].x, false, "not yet due");
  await expireHoldNow(db, hold.id);
  t.equal((await db.pool.query("select evently_private.expire_hold($1) as x", [hold.id])).rows[0].x, true);
  t.equal((await db.pool.query("select evently_private.expire_hold($1) as x", [hold.id])).rows[0].x, false, "second run changes nothing");
  const [e] = (await db.pool.query("select held from evently.events where id = $1", [event])).rows;
  t.equal(e.held, 0);
  t.same(await counterMismatches(db), []);
});

t.test("a caller whose account no longer exists gets EVAUT, not a foreign-key error", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5 });
  const ghost = "00000000-0000-4000-8000-000000000001";
  t.equal(await sqlState(sqlAs(db.pool, ghost, "select evently.book_tickets($1, 1)", [event])), "EVAUT");
  t.equal(await sqlState(sqlAs(db.pool, ghost, "select evently.hold_tickets($1, 1)", [event])), "EVAUT");
});

t.test("a sold-out event refuses at once: no wait for the event row, nothing written; replays and earlier errors still win", async (t) => {
  const event = await createEvent(db, admin, { capacity: 2, maxPerUser: 2 });
  const [keyed] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 1, 'rush-1')", [event]);
  await sqlAs(db.pool, bob, "select evently.book_tickets($1, 1)", [event]);
  const carol = await createUser(db);
  // Another transaction holds the event row (as a booking does until its commit).
  const locker = await db.pool.connect();
  t.teardown(() => locker.release());
  await locker.query("begin");
  await locker.query("select 1 from evently.events where id = $1 for no key update", [event]);
  const started = Date.now();
  t.equal(await sqlState(sqlAs(db.pool, carol, "select evently.book_tickets($1, 1, 'carol-1')", [event])), "EVSLD");
  t.ok(Date.now() - started < 2000, `refused without waiting for the row (${Date.now() - started} ms)`);
  t.equal((await db.pool.query("select count(*)::int as n from evently_private.idempotency_keys where user_id = $1", [carol])).rows[0].n, 0,
    "no idempotency key written");
  const [replay] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 1, 'rush-1')", [event]);
  t.equal(replay.id, keyed.id, "a replay on the sold-out event still returns its booking");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 2, 'rush-1')", [event])), "EVIDM", "a reused key with other parameters: EVIDM first");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 2)", [event])), "EVLIM", "over the per-user limit: EVLIM first");
  t.equal(await sqlState(sqlAs(db.pool, carol, "select evently.book_tickets($1, 0)", [event])), "EVQTY");
  await locker.query("rollback");
  // An expired hold still counted: the full path reclaims it and sells the ticket.
  const other = await createEvent(db, admin, { capacity: 1 });
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_tickets($1, 1)", [other]);
  await expireHoldNow(db, hold.id);
  const [sold] = await sqlAs(db.pool, carol, "select * from evently.book_tickets($1, 1)", [other]);
  t.equal(sold.quantity, 1, "tickets in an expired hold are sold, not refused");
  t.same(await counterMismatches(db, [event, other]), []);
});
