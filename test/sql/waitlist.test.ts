// Waitlists through SQL: promotion happens in the transaction that frees tickets, with
// no worker running; offers are holds; declined and expired offers pass on.
import t from "tap";
import { counterMismatches, createEvent, createTestDb, createUser, expireHoldNow, relayHoldExpiries, sqlAs, sqlState, type TestDb } from "../helpers.ts";
import { createSeatedEvent, createSeatedVenue, seatMismatches } from "../seat-helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

async function entry(db: TestDb, id: string) {
  const { rows } = await db.pool.query("select status, position, skipped, quantity from evently.waitlist_entries where id = $1", [id]);
  return rows[0];
}
async function offerOf(entryId: string) {
  const { rows } = await db.pool.query("select * from evently.holds where waitlist_entry_id = $1 and status = 'active'", [entryId]);
  return rows[0];
}
async function notifications(userId: string, kind: string) {
  const { rows } = await db.pool.query("select payload from evently.notifications where user_id = $1 and kind = $2", [userId, kind]);
  return rows.map((r) => r.payload);
}
async function soldOut(capacity: number) {
  const event = await createEvent(db, admin, { capacity });
  const buyers = [];
  for (let i = 0; i < capacity; i++) {
    const u = await createUser(db);
    const [b] = await sqlAs(db.pool, u, "select * from evently.book_tickets($1, 1)", [event]);
    buyers.push({ user: u, booking: b.id });
  }
  return { event, buyers };
}
async function join(userId: string, event: string, quantity = 1) {
  const [e] = await sqlAs(db.pool, userId, "select * from evently.join_waitlist(event_id => $1, quantity => $2)", [event, quantity]);
  return e;
}

t.test("joining a sold-out event: positions in order, one live entry per user", async (t) => {
  const { event } = await soldOut(2);
  const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)];
  const ea = await join(a, event);
  const eb = await join(b, event, 2);
  const ec = await join(c, event);
  t.same([ea.position, eb.position, ec.position].map(Number), [1, 2, 3]);
  t.equal(ea.status, "waiting");
  t.equal(await sqlState(sqlAs(db.pool, a, "select evently.join_waitlist($1, 1)", [event])), "EVWLD");
  t.equal(await sqlState(sqlAs(db.pool, a, "select evently.join_waitlist($1, 0)", [event])), "EVQTY");
  t.equal(await sqlState(sqlAs(db.pool, a, "select evently.join_waitlist($1, 11)", [event])), "EVLIM");
  t.equal(await sqlState(sqlAs(db.pool, null, "select evently.join_waitlist($1, 1)", [event])), "EVAUT");
  const mine = await sqlAs(db.pool, b, "select id, position from evently.waitlist_entries");
  t.same(mine.map((r) => r.id), [eb.id], "users read only their own entries");
  const [{ waiting }] = (await db.pool.query("select waiting from evently.events where id = $1", [event])).rows;
  t.equal(waiting, 3);
  t.same(await counterMismatches(db), []);
});

t.test("a cancellation offers the ticket to the first in line, in the same transaction", async (t) => {
  const { event, buyers } = await soldOut(1);
  const [a, b] = [await createUser(db), await createUser(db)];
  const ea = await join(a, event);
  const eb = await join(b, event);
  await sqlAs(db.pool, buyers[0].user, "select evently.cancel_booking($1)", [buyers[0].booking]);
  t.equal((await entry(db, ea.id)).status, "offered", "offered before any worker could run");
  t.equal((await entry(db, eb.id)).status, "waiting");
  const offer = await offerOf(ea.id);
  t.equal(offer.user_id, a);
  t.equal(offer.quantity, 1);
  const ttlMinutes = (new Date(offer.expires_at).getTime() - new Date(offer.created_at).getTime()) / 60000;
  t.equal(Math.round(ttlMinutes), 30, "the event's offer TTL (default 30 minutes)");
  const [n] = await notifications(a, "waitlist_offer");
  t.equal(n.hold_id, offer.id, "a waitlist_offer notification carries the hold and its deadline");
  t.ok(n.expires_at);
  await relayHoldExpiries(db);
  const job = await db.pool.query("select 1 from graphile_worker.jobs where key = $1", [`expire_hold:${offer.id}`]);
  t.equal(job.rowCount, 1, "the offer expires through the hold expiry job");
  t.equal(await sqlState(sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event])), "EVSLD",
    "nobody outside the waitlist can take the freed ticket");
  const [booking] = await sqlAs(db.pool, a, "select * from evently.confirm_hold($1)", [offer.id]);
  t.equal(booking.quantity, 1);
  t.equal((await entry(db, ea.id)).status, "accepted");
  t.same(await counterMismatches(db), []);
});

t.test("declined and expired offers pass to the next in line", async (t) => {
  const { event, buyers } = await soldOut(1);
  const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)];
  const [ea, eb, ec] = [await join(a, event), await join(b, event), await join(c, event)];
  await sqlAs(db.pool, buyers[0].user, "select evently.cancel_booking($1)", [buyers[0].booking]);
  const offerA = await offerOf(ea.id);
  t.equal(await sqlState(sqlAs(db.pool, b, "select evently.decline_offer($1)", [offerA.id])), "EVNFD", "only its owner declines");
  const [declined] = await sqlAs(db.pool, a, "select * from evently.decline_offer($1)", [offerA.id]);
  t.equal(declined.status, "released");
  t.equal((await entry(db, ea.id)).status, "declined");
  const offerB = await offerOf(eb.id);
  t.ok(offerB, "b got the ticket a declined");
  t.equal(await sqlState(sqlAs(db.pool, a, "select evently.decline_offer($1)", [offerA.id])), "EVHNA");

  await expireHoldNow(db, offerB.id);
  const [{ expired }] = (await db.pool.query("select evently_private.expire_hold($1) as expired", [offerB.id])).rows;
  t.equal(expired, true);
  t.equal((await entry(db, eb.id)).status, "expired");
  t.equal((await notifications(b, "offer_expired")).length, 1, "b is told the offer expired");
  t.ok(await offerOf(ec.id), "c got it next");
  t.equal((await db.pool.query("select evently_private.promote_waitlist($1) as n", [event])).rows[0].n, 0,
    "promotion is idempotent: running it again offers nothing");
  t.same(await counterMismatches(db), []);
});

t.test("an expired offer never blocks: the next committed change on the event passes it on, no worker needed", async (t) => {
  const { event, buyers } = await soldOut(1);
  const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)];
  const [ea, eb] = [await join(a, event), await join(b, event)];
  await sqlAs(db.pool, buyers[0].user, "select evently.cancel_booking($1)", [buyers[0].booking]);
  const offerA = await offerOf(ea.id);
  await expireHoldNow(db, offerA.id);
  t.equal(await sqlState(sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event])), "EVSLD",
    "a buyer outside the waitlist is still refused: the ticket belongs to the line");
  t.equal(await sqlState(sqlAs(db.pool, a, "select evently.confirm_hold($1)", [offerA.id])), "EVHEX", "a cannot accept late");
  await join(c, event);
  t.equal((await entry(db, ea.id)).status, "expired", "c joining expired a's offer");
  t.ok(await offerOf(eb.id), "and the ticket went to b");
  t.same(await counterMismatches(db), []);
});

t.test("leave_waitlist: a waiting entry leaves; an offered one gives its offer to the next", async (t) => {
  const { event, buyers } = await soldOut(1);
  const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)];
  const [ea, eb, ec] = [await join(a, event), await join(b, event), await join(c, event)];
  const [left] = await sqlAs(db.pool, b, "select * from evently.leave_waitlist(entry_id => $1)", [eb.id]);
  t.equal(left.status, "left");
  t.equal(await sqlState(sqlAs(db.pool, b, "select evently.leave_waitlist($1)", [eb.id])), "EVWNA");
  t.equal(await sqlState(sqlAs(db.pool, c, "select evently.leave_waitlist($1)", [ea.id])), "EVNFD");
  await sqlAs(db.pool, buyers[0].user, "select evently.cancel_booking($1)", [buyers[0].booking]);
  t.ok(await offerOf(ea.id));
  await sqlAs(db.pool, a, "select evently.leave_waitlist($1)", [ea.id]);
  t.equal((await entry(db, ea.id)).status, "left");
  t.ok(await offerOf(ec.id), "c (b left earlier) got the offer");
  t.same(await counterMismatches(db), []);
});

t.test("tickets free at join time are offered at once; more capacity goes to the waitlist", async (t) => {
  const event = await createEvent(db, admin, { capacity: 3 });
  const a = await createUser(db);
  const ea = await join(a, event, 2);
  t.equal(ea.status, "offered", "nothing to wait for");
  const { event: full } = await soldOut(1);
  const [b, c] = [await createUser(db), await createUser(db)];
  const [eb, ec] = [await join(b, full, 2), await join(c, full, 1)];
  await sqlAs(db.pool, admin, "select evently.update_event($1, capacity => 4)", [full]);
  t.equal((await entry(db, eb.id)).status, "offered");
  t.equal((await entry(db, ec.id)).status, "offered", "3 new tickets: 2 for b, 1 for c");
  t.same(await counterMismatches(db), []);
});

t.test("large parties: smaller parties may pass at most 3 times, then tickets wait for the head", async (t) => {
  const { event, buyers } = await soldOut(6);
  const big = await createUser(db);
  const eBig = await join(big, event, 3);
  const smalls = [];
  for (let i = 0; i < 5; i++) {
    const u = await createUser(db);
    smalls.push({ user: u, entry: await join(u, event, 1) });
  }
  for (let i = 0; i < 3; i++) {
    await sqlAs(db.pool, buyers[i].user, "select evently.cancel_booking($1)", [buyers[i].booking]);
  }
  // Each single freed ticket went to the next small party; the head was passed 3 times.
  t.same(await Promise.all(smalls.map(async (s) => (await entry(db, s.entry.id)).status)),
    ["offered", "offered", "offered", "waiting", "waiting"]);
  t.equal((await entry(db, eBig.id)).skipped, 3);
  await sqlAs(db.pool, buyers[3].user, "select evently.cancel_booking($1)", [buyers[3].booking]);
  t.equal((await entry(db, smalls[3].entry.id)).status, "waiting", "the 4th small party is no longer let past");
  await sqlAs(db.pool, buyers[4].user, "select evently.cancel_booking($1)", [buyers[4].booking]);
  t.equal((await entry(db, eBig.id)).status, "waiting", "2 tickets free: still not enough for 3");
  await sqlAs(db.pool, buyers[5].user, "select evently.cancel_booking($1)", [buyers[5].booking]);
  t.equal((await entry(db, eBig.id)).status, "offered", "3 free tickets: the big party's turn");
  t.equal((await offerOf(eBig.id)).quantity, 3);
  t.same(await counterMismatches(db), []);
});

t.test("cancel_event cancels the waitlist and tells every ticket holder", async (t) => {
  const { event, buyers } = await soldOut(2);
  const a = await createUser(db);
  const ea = await join(a, event);
  await sqlAs(db.pool, admin, "select evently.cancel_event($1, reason => 'storm')", [event]);
  t.equal((await entry(db, ea.id)).status, "cancelled");
  for (const b of buyers) {
    const [n] = await notifications(b.user, "event_cancelled");
    t.same(n, { reason: "storm", tickets: 1 });
  }
  const [{ waiting }] = (await db.pool.query("select waiting from evently.events where id = $1", [event])).rows;
  t.equal(waiting, 0);
  t.same(await counterMismatches(db), []);
});

t.test("event_changed reaches every ticket holder when the time moves", async (t) => {
  const { event, buyers } = await soldOut(2);
  await sqlAs(db.pool, admin, "select evently.update_event($1, starts_at => now() + interval '60 days')", [event]);
  for (const b of buyers) t.equal((await notifications(b.user, "event_changed")).length, 1);
  await sqlAs(db.pool, admin, "select evently.update_event($1, description => 'new text')", [event]);
  t.equal((await notifications(buyers[0].user, "event_changed")).length, 1, "a description change tells nobody");
});

t.test("a booking writes booking_confirmed with its ticket codes; a rolled-back one writes nothing", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5 });
  const u = await createUser(db);
  const [b] = await sqlAs(db.pool, u, "select * from evently.book_tickets($1, 2)", [event]);
  const [n] = await notifications(u, "booking_confirmed");
  const codes = (await db.pool.query("select code from evently.tickets where booking_id = $1 order by code", [b.id])).rows.map((r) => r.code);
  t.same(n.tickets.map((x: { code: string }) => x.code).sort(), codes);
  const v = await createUser(db);
  const client = await db.pool.connect();
  await client.query("begin");
  await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [v]);
  await client.query("select evently.book_tickets($1, 1)", [event]);
  await client.query("rollback");
  client.release();
  t.same(await notifications(v, "booking_confirmed"), [], "no outbox row survives a rollback");
  const { rows: [jobs] } = await db.pool.query("select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_notification'");
  t.equal(jobs.n, 0, "and no job per notification: the relay finds pending rows itself");
});

t.test("offers on a reserved-seating event hold the best free seats", async (t) => {
  const venue = await createSeatedVenue(db, admin, [{ name: "Main", rows: 1, seatsPerRow: 2 }]);
  const event = await createSeatedEvent(db, admin, venue);
  const [x, y, w] = [await createUser(db), await createUser(db), await createUser(db)];
  const [bx] = await sqlAs(db.pool, x, "select * from evently.book_tickets($1, 2)", [event]);
  const ew = await join(w, event, 2);
  t.equal(ew.status, "waiting");
  await sqlAs(db.pool, x, "select evently.cancel_booking($1)", [bx.id]);
  const offer = await offerOf(ew.id);
  const seats = await sqlAs(db.pool, w, "select s.label from evently.holds h, evently.holds_seats(h) s where h.id = $1", [offer.id]);
  t.same(seats.map((s) => s.label).sort(), ["Main A1", "Main A2"]);
  t.equal(await sqlState(sqlAs(db.pool, y, "select evently.hold_best_available($1, 1)", [event])), "EVSLD");
  t.same(await seatMismatches(db), []);
  t.same(await counterMismatches(db), []);
});
