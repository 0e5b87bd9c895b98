// Ticket types through SQL: admins define them; holds and bookings take a type and the event
// at once (never beyond either), at the type's price, in its sales window, within its
// per-person limit; every way a hold or booking ends gives the type its tickets back.
import t from "tap";
import { counterMismatches, createEvent, createTestDb, createUser, expireHoldNow, sqlAs, sqlError, sqlState } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

async function ticketType(event: string, name: string, capacity: number, opts: { price?: number; start?: string; end?: string; max?: number } = {}) {
  const [row] = await sqlAs(db.pool, admin,
    `select * from evently.create_ticket_type(event_id => $1, name => $2, capacity => $3, price_cents => $4,
       sales_start => now() + $5::interval, sales_end => now() + $6::interval, max_tickets_per_user => $7)`,
    [event, name, capacity, opts.price ?? 0, opts.start ?? null, opts.end ?? null, opts.max ?? null]);
  return row;
}
const counters = async (id: string) =>
  (await db.pool.query("select held, booked from evently.ticket_types where id = $1", [id])).rows[0];
const typeState = async (id: string) =>
  (await db.pool.query("select held, booked, waiting, evently.ticket_types_available(t) as available from evently.ticket_types t where id = $1", [id])).rows[0];
const entryState = async (id: string) =>
  (await db.pool.query("select status, skipped from evently.waitlist_entries where id = $1", [id])).rows[0];
const offerOf = async (entryId: string) =>
  (await db.pool.query("select * from evently.holds where waitlist_entry_id = $1 and status = 'active'", [entryId])).rows[0];
const eventCounters = async (id: string) =>
  (await db.pool.query("select held, booked, evently.events_available(e) as available from evently.events e where id = $1", [id])).rows[0];

t.test("only admins add ticket types, to general-admission events, within the event's capacity", async (t) => {
  const event = await createEvent(db, admin, { capacity: 100 });
  const user = await createUser(db);
  const create = "select evently.create_ticket_type($1, $2, $3)";
  t.equal(await sqlState(sqlAs(db.pool, null, create, [event, "A", 10])), "EVAUT");
  t.equal(await sqlState(sqlAs(db.pool, user, create, [event, "A", 10])), "EVFBD");
  t.same((await sqlError(sqlAs(db.pool, admin, create, [event, "A", 101])))?.detail, "capacity", "above the event's capacity: EVINV capacity");
  t.same((await sqlError(sqlAs(db.pool, admin, create, [event, " ", 10])))?.detail, "name");
  await ticketType(event, "Standard", 80, { price: 2500 });
  t.same((await sqlError(sqlAs(db.pool, admin, create, [event, "Standard", 10])))?.detail, "name", "names are unique per event");
  t.equal(await sqlState(sqlAs(db.pool, admin, create, ["00000000-0000-4000-8000-000000000000", "X", 1])), "EVNFD");
  const { rows: audit } = await db.pool.query("select action from evently.audit_log where subject_id = $1 and action like 'ticket_type.%'", [event]);
  t.same(audit.map((a) => a.action), ["ticket_type.created"]);
});

t.test("one type: the contract-v1 calls use it, at its price; its capacity binds", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10, priceCents: 1000 });
  const std = await ticketType(event, "Standard", 3, { price: 2500 });
  const [u1, u2] = [await createUser(db), await createUser(db)];
  const [b] = await sqlAs(db.pool, u1, "select * from evently.book_tickets($1, 2)", [event]);
  t.same([b.ticket_type_id, b.total_cents], [std.id, 5000], "book_tickets books the only type, at its price");
  const [h] = await sqlAs(db.pool, u2, "select * from evently.hold_tickets($1, 1)", [event]);
  t.equal(h.ticket_type_id, std.id, "hold_tickets holds it");
  t.same(await counters(std.id), { held: 1, booked: 2 });
  t.same(await eventCounters(event), { held: 1, booked: 2, available: 0 }, "the event shows what its types have left");
  const e = await sqlError(sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event]));
  t.same([e?.code, e?.detail], ["EVSLD", "ticket_type_id"], "the type is sold out though the event has room");
  const [w] = await sqlAs(db.pool, u2, "select * from evently.join_waitlist($1, 1)", [event]);
  t.same([w.status, w.ticket_type_id], ["waiting", std.id], "join_waitlist (v1) joins the only type's waitlist");
  t.same(await counterMismatches(db, [event]), []);
});

t.test("several types: callers name one; the event's capacity caps them together", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5 });
  const early = await ticketType(event, "Early bird", 4, { price: 1000 });
  const vip = await ticketType(event, "VIP", 4, { price: 9000 });
  const u = await createUser(db);
  t.equal(await sqlState(sqlAs(db.pool, u, "select evently.hold_tickets($1, 1)", [event])), "EVTTR");
  t.equal(await sqlState(sqlAs(db.pool, u, "select evently.book_tickets($1, 1)", [event])), "EVTTR");
  await sqlAs(db.pool, await createUser(db), "select evently.book_ticket_type($1, 4)", [early.id]);
  const [v] = await sqlAs(db.pool, u, "select * from evently.book_ticket_type($1, 1)", [vip.id]);
  t.same([v.total_cents, v.ticket_type_id], [9000, vip.id]);
  const [avail] = (await db.pool.query("select evently.ticket_types_available(t) as a from evently.ticket_types t where id = $1", [vip.id])).rows;
  t.equal(avail.a, 0, "VIP has 3 of its own left, but the event has none");
  const e = await sqlError(sqlAs(db.pool, await createUser(db), "select evently.book_ticket_type($1, 1)", [vip.id]));
  t.same([e?.code, e?.detail ?? null], ["EVSLD", null], "the event's own capacity refuses");
  t.same(await eventCounters(event), { held: 0, booked: 5, available: 0 });
  t.equal(await sqlState(sqlAs(db.pool, u, "select evently.hold_ticket_type($1, 1)", ["00000000-0000-4000-8000-000000000000"])), "EVNFD");
  t.same(await counterMismatches(db, [event]), []);
});

t.test("sales windows and per-type limits", async (t) => {
  const event = await createEvent(db, admin, { capacity: 50, maxPerUser: 6 });
  const later = await ticketType(event, "Later", 10, { start: "1 day" });
  const over = await ticketType(event, "Over", 10, { start: "-2 days", end: "-1 day" });
  const limited = await ticketType(event, "Limited", 10, { max: 2 });
  const u = await createUser(db);
  for (const [type, detail] of [[later, "sales_start"], [over, "sales_end"]] as const) {
    const e = await sqlError(sqlAs(db.pool, u, "select evently.hold_ticket_type($1, 1)", [type.id]));
    t.same([e?.code, e?.detail], ["EVTSW", detail], `${type.name}: not on sale`);
  }
  const { rows } = await db.pool.query("select name, evently.ticket_types_available(t) as a from evently.ticket_types t where event_id = $1 order by name", [event]);
  t.same(rows, [{ name: "Later", a: 0 }, { name: "Limited", a: 10 }, { name: "Over", a: 0 }]);
  t.equal((await eventCounters(event)).available, 10, "only types on sale count towards the event's availability");
  const notYet = await createEvent(db, admin, { capacity: 50 });
  await ticketType(notYet, "Later", 10, { start: "1 day" });
  t.equal((await eventCounters(notYet)).available, 0, "an event whose every type is off sale has nothing available");
  await sqlAs(db.pool, u, "select evently.hold_ticket_type($1, 1)", [limited.id]);
  await sqlAs(db.pool, u, "select evently.book_ticket_type($1, 1)", [limited.id]);
  const e = await sqlError(sqlAs(db.pool, u, "select evently.book_ticket_type($1, 1)", [limited.id]));
  t.same([e?.code, e?.detail], ["EVLIM", "ticket_type_id"], "holds and bookings of the type count towards its limit");
});

t.test("every way a hold or booking ends gives its type the tickets back", async (t) => {
  const event = await createEvent(db, admin, { capacity: 20 });
  const a = await ticketType(event, "A", 10);
  const u = await createUser(db);
  const hold = async () => (await sqlAs(db.pool, u, "select * from evently.hold_ticket_type($1, 2)", [a.id]))[0];
  const h1 = await hold();
  await sqlAs(db.pool, u, "select evently.release_hold($1)", [h1.id]);
  t.same(await counters(a.id), { held: 0, booked: 0 }, "release");
  const h2 = await hold();
  const [b] = await sqlAs(db.pool, u, "select * from evently.confirm_hold($1)", [h2.id]);
  t.same([b.ticket_type_id, await counters(a.id)], [a.id, { held: 0, booked: 2 }], "confirm: held becomes booked");
  await sqlAs(db.pool, u, "select evently.cancel_booking($1)", [b.id]);
  t.same(await counters(a.id), { held: 0, booked: 0 }, "cancel booking");
  const h3 = await hold();
  await expireHoldNow(db, h3.id);
  await db.pool.query("select evently_private.expire_hold($1)", [h3.id]);
  t.same(await counters(a.id), { held: 0, booked: 0 }, "expiry");
  // A type full of expired holds still sells: the trigger reclaims them.
  const others = await Promise.all(Array.from({ length: 5 }, () => createUser(db)));
  for (const o of others) {
    const [h] = await sqlAs(db.pool, o, "select * from evently.hold_ticket_type($1, 2)", [a.id]);
    await expireHoldNow(db, h.id);
  }
  t.same(await counters(a.id), { held: 10, booked: 0 }, "the type looks full of (expired) holds");
  const [late] = await sqlAs(db.pool, u, "select * from evently.book_ticket_type($1, 2)", [a.id]);
  t.ok(late.id, "a booking reclaims the expired holds instead of answering sold out");
  t.same(await counters(a.id), { held: 0, booked: 2 });
  await sqlAs(db.pool, u, "select evently.hold_ticket_type($1, 1)", [a.id]);
  await sqlAs(db.pool, admin, "select evently.cancel_event($1)", [event]);
  t.same(await counters(a.id), { held: 0, booked: 0 }, "cancel_event");
  t.same(await counterMismatches(db, [event]), []);
});

t.test("changing a type; analytics by type; the oracle sees a type's counters", async (t) => {
  const event = await createEvent(db, admin, { capacity: 20 });
  const a = await ticketType(event, "A", 10, { price: 1000 });
  const b = await ticketType(event, "B", 10, { price: 3000 });
  const u = await createUser(db);
  await sqlAs(db.pool, u, "select evently.book_ticket_type($1, 3)", [a.id]);
  const [bb] = await sqlAs(db.pool, u, "select * from evently.book_ticket_type($1, 1)", [b.id]);
  await sqlAs(db.pool, u, "select evently.cancel_booking($1)", [bb.id]);
  await sqlAs(db.pool, u, "select evently.book_ticket_type($1, 2)", [b.id]);
  t.same((await sqlError(sqlAs(db.pool, admin, "select evently.update_ticket_type($1, capacity => 2)", [a.id])))?.code, "EVCAP");
  t.equal(await sqlState(sqlAs(db.pool, u, "select evently.update_ticket_type($1, capacity => 5)", [a.id])), "EVFBD");
  const [changed] = await sqlAs(db.pool, admin, "select * from evently.update_ticket_type($1, capacity => 3, price_cents => 1500)", [a.id]);
  t.same([changed.capacity, changed.price_cents, changed.name], [3, 1500, "A"], "null leaves a field as it is");
  const rows = await sqlAs(db.pool, admin, "select name, capacity, booked, available, bookings, cancelled_bookings, revenue_cents::int as revenue, sell_through from evently.analytics_ticket_types($1)", [event]);
  t.same(rows, [
    { name: "A", capacity: 3, booked: 3, available: 0, bookings: 1, cancelled_bookings: 0, revenue: 3000, sell_through: 1 },
    { name: "B", capacity: 10, booked: 2, available: 8, bookings: 1, cancelled_bookings: 1, revenue: 6000, sell_through: 0.2 },
  ]);
  t.equal(await sqlState(sqlAs(db.pool, u, "select * from evently.analytics_ticket_types($1)", [event])), "EVFBD");
  t.same(await counterMismatches(db, [event]), []);
  // Plant an offender: the oracle must see it.
  await db.pool.query("update evently.ticket_types set booked = booked - 1 where id = $1", [b.id]);
  t.same(await counterMismatches(db, [event]), [{ event_id: event, counter: "ticket_type_counters", recorded: 0, actual: 1 }]);
  await db.pool.query("update evently.ticket_types set booked = booked + 1 where id = $1", [b.id]);
});

t.test("each ticket type has its own waitlist: freed tickets of a type go to its line, other types stay on sale", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  const a = await ticketType(event, "A", 3);
  const b = await ticketType(event, "B", 6);
  const [u1, u2, u3, u4, u5, u6, u7] = await Promise.all(Array.from({ length: 7 }, () => createUser(db)));
  t.equal(await sqlState(sqlAs(db.pool, u2, "select evently.join_waitlist($1, 1)", [event])), "EVTTR", "v1 join names no type: EVTTR with several");
  const [booking1] = await sqlAs(db.pool, u1, "select * from evently.book_ticket_type($1, 3)", [a.id]);
  const [w2] = await sqlAs(db.pool, u2, "select * from evently.join_ticket_type_waitlist($1, 1)", [a.id]);
  t.same([w2.status, w2.ticket_type_id], ["waiting", a.id]);
  t.equal(await sqlState(sqlAs(db.pool, u2, "select evently.join_ticket_type_waitlist($1, 1)", [a.id])), "EVWLD", "one live entry per user and type");
  t.same(await typeState(a.id), { held: 0, booked: 3, waiting: 1, available: 0 });
  await sqlAs(db.pool, u3, "select evently.book_ticket_type($1, 1)", [b.id]);
  t.same(await typeState(b.id), { held: 0, booked: 1, waiting: 0, available: 5 }, "A's line does not stop B's sales");
  t.equal((await eventCounters(event)).available, 5);

  await sqlAs(db.pool, u1, "select evently.cancel_booking($1)", [booking1.id]);
  const offer2 = await offerOf(w2.id);
  t.same([offer2?.user_id, offer2?.ticket_type_id, offer2?.quantity], [u2, a.id, 1], "A's freed tickets: an offer of A to A's line");
  t.same(await typeState(a.id), { held: 1, booked: 0, waiting: 0, available: 2 }, "the rest are on sale again");
  await sqlAs(db.pool, u4, "select evently.book_ticket_type($1, 2)", [a.id]);
  const [w5] = await sqlAs(db.pool, u5, "select * from evently.join_ticket_type_waitlist($1, 2)", [a.id]);
  const [w6] = await sqlAs(db.pool, u6, "select * from evently.join_ticket_type_waitlist($1, 1)", [a.id]);
  const [w6b] = await sqlAs(db.pool, u6, "select * from evently.join_ticket_type_waitlist($1, 1)", [b.id]);
  t.equal(w6b.status, "offered", "the same user may wait for another type; B has room, so it is offered at once");
  await sqlAs(db.pool, u6, "select evently.decline_offer($1)", [(await offerOf(w6b.id)).id]);

  await sqlAs(db.pool, u2, "select evently.decline_offer($1)", [offer2.id]);
  t.same(await entryState(w5.id), { status: "waiting", skipped: 1 }, "A's head (a party of 2) is passed over once");
  t.equal((await entryState(w6.id)).status, "offered", "the next in A's line that fits gets the freed ticket");
  await sqlAs(db.pool, u6, "select evently.decline_offer($1)", [(await offerOf(w6.id)).id]);
  t.same(await typeState(a.id), { held: 0, booked: 2, waiting: 1, available: 0 }, "one A ticket is free, kept for A's head");
  const e = await sqlError(sqlAs(db.pool, u7, "select evently.hold_ticket_type($1, 1)", [a.id]));
  t.same([e?.code, e?.detail], ["EVSLD", "ticket_type_id"], "no direct sale of A while its line waits");
  t.match(e?.message, /waitlist/);
  t.equal(await sqlState(sqlAs(db.pool, u7, "select evently.book_ticket_type($1, 1)", [a.id])), "EVSLD", "nor a direct booking");
  await sqlAs(db.pool, u7, "select evently.book_ticket_type($1, 1)", [b.id]);

  await sqlAs(db.pool, admin, "select evently.update_ticket_type($1, capacity => 4)", [a.id]);
  const offer5 = await offerOf(w5.id);
  t.same([offer5?.user_id, offer5?.quantity, offer5?.ticket_type_id], [u5, 2, a.id], "more capacity for A goes to A's head");
  const [confirmed] = await sqlAs(db.pool, u5, "select * from evently.confirm_hold($1)", [offer5.id]);
  t.same([confirmed.ticket_type_id, confirmed.quantity], [a.id, 2], "accepting the offer books the type");
  t.same(await typeState(a.id), { held: 0, booked: 4, waiting: 0, available: 0 });
  t.same(await counterMismatches(db, [event]), []);

  const [w7] = await sqlAs(db.pool, u7, "select * from evently.join_ticket_type_waitlist($1, 1)", [a.id]);
  await sqlAs(db.pool, admin, "select evently.cancel_event($1)", [event]);
  t.equal((await entryState(w7.id)).status, "cancelled");
  t.same(await typeState(a.id), { held: 0, booked: 0, waiting: 0, available: 0 }, "a cancelled event's types wait for nobody");
  t.same(await counterMismatches(db, [event]), []);
});

t.test("the oracle sees a type's waiting counter", async (t) => {
  const event = await createEvent(db, admin, { capacity: 4 });
  const a = await ticketType(event, "A", 1);
  await sqlAs(db.pool, await createUser(db), "select evently.book_ticket_type($1, 1)", [a.id]);
  await sqlAs(db.pool, await createUser(db), "select evently.join_ticket_type_waitlist($1, 1)", [a.id]);
  t.same(await counterMismatches(db, [event]), []);
  await db.pool.query("update evently.ticket_types set waiting = 0 where id = $1", [a.id]);
  t.same((await counterMismatches(db, [event])).map((m) => (m as { counter: string }).counter), ["ticket_type_counters"], "a planted wrong waiting counter is found");
  await db.pool.query("update evently.ticket_types set waiting = 1 where id = $1", [a.id]);
});

t.test("per-type lines keep the per-person limits, pass on when someone leaves, and types wait for an untyped waitlist", async (t) => {
  const event = await createEvent(db, admin, { capacity: 20, maxPerUser: 2 });
  const a = await ticketType(event, "A", 2);
  const b = await ticketType(event, "B", 10);
  const [owner, greedy, patient, big, small] = await Promise.all(Array.from({ length: 5 }, () => createUser(db)));
  const [ownA] = await sqlAs(db.pool, owner, "select * from evently.book_ticket_type($1, 2)", [a.id]);
  const [wg] = await sqlAs(db.pool, greedy, "select * from evently.join_ticket_type_waitlist($1, 2)", [a.id]);
  const [wp] = await sqlAs(db.pool, patient, "select * from evently.join_ticket_type_waitlist($1, 1)", [a.id]);
  await sqlAs(db.pool, greedy, "select evently.book_ticket_type($1, 2)", [b.id]);
  await sqlAs(db.pool, owner, "select evently.cancel_booking($1)", [ownA.id]);
  t.equal((await entryState(wg.id)).status, "waiting", "a user who bought 2 of B meanwhile is not offered 2 of A (limit 2)");
  t.equal((await entryState(wp.id)).status, "offered", "the next in A's line who fits the limit is");
  t.same(await counterMismatches(db, [event]), []);

  // A head that keeps tickets back, then leaves: the next in line is offered at once.
  const other = await createEvent(db, admin, { capacity: 20, maxPerUser: 4 });
  const c = await ticketType(other, "C", 4);
  const buyers = await Promise.all(Array.from({ length: 4 }, () => createUser(db)));
  const sold = [];
  for (const u of buyers) sold.push((await sqlAs(db.pool, u, "select * from evently.book_ticket_type($1, 1)", [c.id]))[0]);
  const [wBig] = await sqlAs(db.pool, big, "select * from evently.join_ticket_type_waitlist($1, 4)", [c.id]);
  const [wSmall] = await sqlAs(db.pool, small, "select * from evently.join_ticket_type_waitlist($1, 1)", [c.id]);
  await db.pool.query("update evently.waitlist_entries set skipped = 3 where id = $1", [wBig.id]); // passed over enough
  await sqlAs(db.pool, buyers[0], "select evently.cancel_booking($1)", [sold[0].id]);
  t.equal((await entryState(wSmall.id)).status, "waiting", "the freed ticket is kept for the head");
  await sqlAs(db.pool, big, "select evently.leave_waitlist($1)", [wBig.id]);
  t.equal((await entryState(wSmall.id)).status, "offered", "the head left: the next in line gets the kept ticket");
  t.same(await counterMismatches(db, [other]), []);

  // A waitlist formed before any type: types would pass it by, so none can be added yet.
  const plain = await createEvent(db, admin, { capacity: 1 });
  await sqlAs(db.pool, owner, "select evently.book_tickets($1, 1)", [plain]);
  await sqlAs(db.pool, patient, "select evently.join_waitlist($1, 1)", [plain]);
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.create_ticket_type($1, 'Late', 1)", [plain])), "EVTWL");
});
