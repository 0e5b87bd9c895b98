// Venues and events: the admin functions with every registered error, the audit log,
// upcoming_events and the events_available computed column.
import t from "tap";
import { randomUUID } from "node:crypto";
import {
  asUser,
  counterMismatches,
  createEvent,
  createTestDb,
  createUser,
  expireHoldNow,
  sqlAs,
  sqlError,
  sqlState,
} from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });
const alice = await createUser(db);
const bob = await createUser(db);
const NO_SUCH_ID = "00000000-0000-0000-0000-000000000000";

const eventRow = async (id: string) => (await db.pool.query("select * from evently.events where id = $1", [id])).rows[0];
const auditRows = async (subjectId: string, action?: string) =>
  (await db.pool.query(
    "select * from evently.audit_log where subject_id = $1 and ($2::text is null or action = $2) order by id",
    [subjectId, action ?? null],
  )).rows;
const createVenue = async (name: string, city: string | null = null) =>
  (await sqlAs(db.pool, admin, "select * from evently.create_venue(name => $1, city => $2)", [name, city]))[0];

// create_event as `who`, with valid defaults that `args` override (SQL expressions).
function createEventAs(who: string | null, args: Record<string, string> = {}) {
  const all: Record<string, string> = {
    name: `'Event ${randomUUID().slice(0, 8)}'`,
    starts_at: "now() + interval '10 days'",
    capacity: "100",
    ...args,
  };
  const list = Object.entries(all).map(([k, v]) => `${k} => ${v}`).join(", ");
  return sqlAs(db.pool, who, `select * from evently.create_event(${list})`);
}

t.test("create_venue: admins only, name required", async (t) => {
  const [venue] = await sqlAs(
    db.pool, admin,
    "select * from evently.create_venue(name => $1, address => $2, city => $3, country => $4)",
    ["  Olympiastadion  ", "Olympischer Platz 3", "Berlin", "DE"],
  );
  t.equal(venue.name, "Olympiastadion", "name is trimmed");
  t.same([venue.address, venue.city, venue.country], ["Olympischer Platz 3", "Berlin", "DE"]);
  t.equal(venue.created_by, admin);
  const visible = await sqlAs(db.pool, null, "select id from evently.venues where id = $1", [venue.id]);
  t.equal(visible.length, 1, "anyone may read venues");

  t.equal(await sqlState(sqlAs(db.pool, null, "select evently.create_venue('Nope')")), "EVAUT");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.create_venue('Nope')")), "EVFBD");
  t.equal(
    await sqlState(asUser(db.pool, alice, (c) => c.query("select evently.create_venue('Nope')"), "evently_admin")),
    "EVFBD",
    "the admin check reads evently.users, not the role claim",
  );
  for (const name of ["", "   ", null, "v".repeat(201)]) {
    const error = await sqlError(sqlAs(db.pool, admin, "select evently.create_venue($1)", [name]));
    t.equal(error?.code, "EVINV", `venue name ${JSON.stringify(name)?.slice(0, 12)} is refused`);
    t.equal(error?.detail, "name");
  }
  const [{ n }] = (await db.pool.query("select count(*)::int as n from evently.venues where name = 'Nope'")).rows;
  t.equal(n, 0, "refused calls create nothing");
});

t.test("create_event: happy path, trimmed name, defaults and an audit_log entry", async (t) => {
  const venue = await createVenue("Arena", "Hamburg");
  const [event] = await sqlAs(
    db.pool, admin,
    `select * from evently.create_event(name => '  Concert  ', starts_at => now() + interval '7 days',
       ends_at => now() + interval '7 days 3 hours', capacity => 500, venue_id => $1,
       description => 'Loud', price_cents => 4200)`,
    [venue.id],
  );
  t.equal(event.name, "Concert");
  t.equal(event.capacity, 500);
  t.equal(event.venue_id, venue.id);
  t.equal(event.description, "Loud");
  t.equal(event.price_cents, 4200);
  t.same([event.held, event.booked], [0, 0]);
  t.equal(event.status, "published");
  t.equal(event.max_tickets_per_user, 10, "default per-user limit");
  t.same(event.hold_ttl, { minutes: 5 }, "default hold_ttl");
  t.equal(event.created_by, admin);
  t.equal(event.cancelled_at, null);

  const audit = await auditRows(event.id);
  t.equal(audit.length, 1);
  t.equal(audit[0].action, "event.created");
  t.equal(audit[0].subject_type, "event");
  t.equal(audit[0].actor_id, admin);
  t.same(audit[0].details, { capacity: 500, seating: "general" });
});

t.test("create_event: anonymous is EVAUT, a plain user EVFBD", async (t) => {
  const name = `Forbidden ${randomUUID()}`;
  t.equal(await sqlState(createEventAs(null, { name: `'${name}'` })), "EVAUT");
  t.equal(await sqlState(createEventAs(alice, { name: `'${name}'` })), "EVFBD");
  t.equal(
    await sqlState(asUser(db.pool, alice, (c) => c.query(
      "select evently.create_event($1, now() + interval '1 day', 10)", [name]), "evently_admin")),
    "EVFBD",
    "an evently_admin role claim is not enough: the user must be an admin in evently.users",
  );
  const [{ n }] = (await db.pool.query("select count(*)::int as n from evently.events where name = $1", [name])).rows;
  t.equal(n, 0);

  const promoted = await createUser(db);
  t.equal(await sqlState(createEventAs(promoted)), "EVFBD");
  await db.pool.query("update evently.users set role = 'admin' where id = $1", [promoted]);
  const [event] = await createEventAs(promoted);
  t.equal(event.created_by, promoted, "a DBA's promotion takes effect on the next call");
});

t.test("create_event: invalid fields are EVINV with the field name in DETAIL", async (t) => {
  const cases: [string, Record<string, string>][] = [
    ["name", { name: "''" }],
    ["name", { name: "'   '" }],
    ["name", { name: "null" }],
    ["name", { name: `'${"n".repeat(201)}'` }],
    ["starts_at", { starts_at: "now() - interval '1 minute'" }],
    ["starts_at", { starts_at: "null" }],
    ["ends_at", { ends_at: "now() + interval '9 days'" }],
    ["ends_at", { ends_at: "now() + interval '10 days'", starts_at: "now() + interval '10 days'" }],
    ["capacity", { capacity: "0" }],
    ["capacity", { capacity: "-5" }],
    ["capacity", { capacity: "null" }],
    ["capacity", { capacity: "1000001" }],
    ["price_cents", { price_cents: "-1" }],
    ["price_cents", { price_cents: "null" }],
    ["hold_ttl", { hold_ttl: "interval '9 seconds'" }],
    ["hold_ttl", { hold_ttl: "interval '1 day 1 second'" }],
    ["hold_ttl", { hold_ttl: "null" }],
    ["max_tickets_per_user", { max_tickets_per_user: "0" }],
    ["max_tickets_per_user", { max_tickets_per_user: "null" }],
  ];
  const [{ before }] = (await db.pool.query("select count(*)::int as before from evently.events")).rows;
  for (const [field, args] of cases) {
    const error = await sqlError(createEventAs(admin, args));
    t.equal(error?.code, "EVINV", `${JSON.stringify(args).slice(0, 60)} is EVINV`);
    t.equal(error?.detail, field, `and names ${field}`);
  }
  const [{ after }] = (await db.pool.query("select count(*)::int as after from evently.events")).rows;
  t.equal(after, before, "no event was created");
  const [edge] = await createEventAs(admin, {
    capacity: "1000000", hold_ttl: "interval '10 seconds'", max_tickets_per_user: "1", price_cents: "0",
  });
  t.equal(edge.capacity, 1000000, "the documented limits are inclusive");
  const [dayTtl] = await createEventAs(admin, { hold_ttl: "interval '1 day'" });
  t.same(dayTtl.hold_ttl, { days: 1 });
});

t.test("create_event: an unknown venue is EVNFD", async (t) => {
  const error = await sqlError(createEventAs(admin, { venue_id: `'${NO_SUCH_ID}'` }));
  t.equal(error?.code, "EVNFD");
  t.equal(error?.detail, "venue_id");
});

t.test("update_event: null arguments keep their values; changes are audited with from/to", async (t) => {
  const venue = await createVenue("Hall A", "Munich");
  const [created] = await createEventAs(admin, {
    description: "'Original'", price_cents: "1000", ends_at: "now() + interval '10 days 2 hours'",
    venue_id: `'${venue.id}'`, max_tickets_per_user: "6", hold_ttl: "interval '2 minutes'",
  });
  const [unchanged] = await sqlAs(db.pool, admin, "select * from evently.update_event(event_id => $1)", [created.id]);
  for (const key of ["name", "capacity", "venue_id", "description", "price_cents", "max_tickets_per_user", "status"]) {
    t.equal(unchanged[key], created[key], `${key} is kept`);
  }
  t.same(unchanged.hold_ttl, created.hold_ttl);
  t.equal(new Date(unchanged.starts_at).getTime(), new Date(created.starts_at).getTime());
  t.equal(new Date(unchanged.ends_at).getTime(), new Date(created.ends_at).getTime());

  const [updated] = await sqlAs(
    db.pool, admin,
    "select * from evently.update_event(event_id => $1, name => ' Renamed ', capacity => 150, price_cents => 1500)",
    [created.id],
  );
  t.equal(updated.name, "Renamed");
  t.equal(updated.capacity, 150);
  t.equal(updated.price_cents, 1500);
  t.equal(updated.description, "Original", "description untouched");
  t.equal(updated.venue_id, venue.id, "venue untouched");
  t.equal(updated.max_tickets_per_user, 6);
  t.ok(new Date(updated.updated_at).getTime() >= new Date(created.updated_at).getTime());

  const updates = await auditRows(created.id, "event.updated");
  t.equal(updates.length, 2, "one audit row per call");
  t.same(updates[0].details, {}, "a no-op update records no changes");
  t.same(updates[1].details, {
    name: { from: created.name, to: "Renamed" },
    capacity: { from: 100, to: 150 },
    price_cents: { from: 1000, to: 1500 },
  }, "only the changed fields, with from and to");
  t.equal(updates[1].actor_id, admin);

  const hallB = await createVenue("Hall B", "Munich");
  const [moved] = await sqlAs(db.pool, admin, "select * from evently.update_event($1, venue_id => $2)", [created.id, hallB.id]);
  t.equal(moved.venue_id, hallB.id);
  const error = await sqlError(sqlAs(db.pool, admin, "select evently.update_event($1, venue_id => $2)", [created.id, NO_SUCH_ID]));
  t.equal(error?.code, "EVNFD");
  t.equal(error?.detail, "venue_id");
});

t.test("update_event: validation, permissions, unknown and cancelled events", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  const invalid: [string, string][] = [
    ["name", "name => '  '"],
    ["starts_at", "starts_at => now() - interval '1 hour'"],
    ["ends_at", "ends_at => now() + interval '1 hour'"],
    ["capacity", "capacity => 0"],
    ["price_cents", "price_cents => -1"],
    ["hold_ttl", "hold_ttl => interval '2 days'"],
    ["max_tickets_per_user", "max_tickets_per_user => 0"],
  ];
  for (const [field, args] of invalid) {
    const error = await sqlError(sqlAs(db.pool, admin, `select evently.update_event($1, ${args})`, [event]));
    t.equal(error?.code, "EVINV", `${args} is EVINV`);
    t.equal(error?.detail, field);
  }
  t.equal(await sqlState(sqlAs(db.pool, null, "select evently.update_event($1, capacity => 20)", [event])), "EVAUT");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.update_event($1, capacity => 20)", [event])), "EVFBD");
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.update_event($1, capacity => 20)", [NO_SUCH_ID])), "EVNFD");
  const row = await eventRow(event);
  t.equal(row.capacity, 10, "nothing changed");
  t.equal((await auditRows(event, "event.updated")).length, 0, "refused updates are not audited");

  await sqlAs(db.pool, admin, "select evently.cancel_event($1)", [event]);
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.update_event($1, capacity => 20)", [event])), "EVECN");
  t.equal((await eventRow(event)).capacity, 10);
});

t.test("update_event: an event that already started can still be corrected", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  await db.pool.query("update evently.events set starts_at = now() - interval '1 hour' where id = $1", [event]);
  const [fixed] = await sqlAs(db.pool, admin, "select * from evently.update_event($1, name => 'Typo fixed')", [event]);
  t.equal(fixed.name, "Typo fixed", "no EVINV for the start that is now in the past");
  t.equal(
    await sqlState(sqlAs(db.pool, admin, "select evently.update_event($1, starts_at => now() - interval '1 minute')", [event])),
    "EVINV",
    "but a new start must still be in the future",
  );
  // Only the "starts in the future" rule is waived; every other field is still checked,
  // with EVINV naming it rather than a masked CHECK violation (or no error at all).
  for (const [field, args] of [
    ["capacity", "capacity => 0"],
    ["capacity", "capacity => 1000001"],
    ["price_cents", "price_cents => -1"],
    ["name", "name => '  '"],
    ["hold_ttl", "hold_ttl => interval '2 days'"],
    ["max_tickets_per_user", "max_tickets_per_user => 0"],
  ]) {
    const error = await sqlError(sqlAs(db.pool, admin, `select evently.update_event($1, ${args})`, [event]));
    t.same([error?.code, error?.detail], ["EVINV", field], `started event: ${args} is EVINV (${field})`);
  }
  const row = await eventRow(event);
  t.same([row.capacity, row.name], [10, "Typo fixed"], "nothing invalid was stored");
});

t.test("update_event: capacity cannot go below booked + held (EVCAP) and nothing changes", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10, maxPerUser: 10 });
  await sqlAs(db.pool, alice, "select evently.book_tickets($1, 4)", [event]);
  const [hold] = await sqlAs(db.pool, bob, "select * from evently.hold_tickets($1, 3)", [event]);
  const error = await sqlError(sqlAs(
    db.pool, admin, "select evently.update_event($1, name => 'Should not stick', capacity => 6)", [event],
  ));
  t.equal(error?.code, "EVCAP");
  t.equal(error?.detail, "capacity");
  t.match(error?.message, /7/, "the message names the floor (4 sold + 3 held)");
  const row = await eventRow(event);
  t.equal(row.capacity, 10);
  t.not(row.name, "Should not stick", "the other changes of the refused call are not applied either");
  t.same([row.held, row.booked], [3, 4]);
  t.equal((await auditRows(event, "event.updated")).length, 0);
  const [{ status }] = (await db.pool.query("select status from evently.holds where id = $1", [hold.id])).rows;
  t.equal(status, "active", "an unexpired hold is not touched");

  const [exact] = await sqlAs(db.pool, admin, "select * from evently.update_event($1, capacity => 7)", [event]);
  t.equal(exact.capacity, 7, "exactly booked + held is allowed");
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.book_tickets($1, 1)", [event])), "EVSLD", "and now it is sold out");
  t.same(await counterMismatches(db), []);
});

t.test("update_event: expired holds do not block lowering the capacity; they are reclaimed", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10, maxPerUser: 10 });
  await sqlAs(db.pool, alice, "select evently.book_tickets($1, 2)", [event]);
  const [expired] = await sqlAs(db.pool, bob, "select * from evently.hold_tickets($1, 6)", [event]);
  await expireHoldNow(db, expired.id);
  t.same([(await eventRow(event)).held, (await eventRow(event)).booked], [6, 2], "held still counts the expired hold");

  const [updated] = await sqlAs(db.pool, admin, "select * from evently.update_event($1, capacity => 3)", [event]);
  t.equal(updated.capacity, 3);
  t.equal(updated.held, 0, "the returned row reflects the reclaim");
  t.equal(updated.booked, 2);
  const [h] = (await db.pool.query("select status, closed_at from evently.holds where id = $1", [expired.id])).rows;
  t.equal(h.status, "expired");
  t.ok(h.closed_at);
  const [audit] = await auditRows(event, "event.updated");
  t.same(audit.details, { capacity: { from: 10, to: 3 } }, "counters are not part of the audited changes");
  t.same(await counterMismatches(db), []);

  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.update_event($1, capacity => 1)", [event])), "EVCAP",
    "booked tickets still block");
});

t.test("cancel_event: cancels holds, bookings and tickets, zeroes the counters, and is audited", async (t) => {
  const event = await createEvent(db, admin, { capacity: 20, maxPerUser: 10 });
  const other = await createEvent(db, admin, { capacity: 20 });
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_tickets($1, 2)", [event]);
  const [expiredHold] = await sqlAs(db.pool, bob, "select * from evently.hold_tickets($1, 1)", [event]);
  await expireHoldNow(db, expiredHold.id);
  const [b1] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 3)", [event]);
  const [b2] = await sqlAs(db.pool, bob, "select * from evently.book_tickets($1, 4)", [event]);
  const [alreadyCancelled] = await sqlAs(db.pool, bob, "select * from evently.book_tickets($1, 1)", [event]);
  await sqlAs(db.pool, bob, "select evently.cancel_booking($1)", [alreadyCancelled.id]);
  const [otherBooking] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 2)", [other]);

  t.equal(await sqlState(sqlAs(db.pool, null, "select evently.cancel_event($1)", [event])), "EVAUT");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.cancel_event($1)", [event])), "EVFBD");
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.cancel_event($1)", [NO_SUCH_ID])), "EVNFD");
  t.equal((await eventRow(event)).status, "published", "refused cancels change nothing");

  const [cancelled] = await sqlAs(db.pool, admin, "select * from evently.cancel_event(event_id => $1, reason => 'Storm')", [event]);
  t.equal(cancelled.status, "cancelled");
  t.ok(cancelled.cancelled_at);
  t.same([cancelled.held, cancelled.booked], [0, 0]);

  const holds = (await db.pool.query("select id, status, closed_at from evently.holds where event_id = $1", [event])).rows;
  t.equal(holds.length, 2);
  t.ok(holds.every((h) => h.status === "cancelled" && h.closed_at), "every active hold, expired or not, is cancelled");
  const bookings = (await db.pool.query("select id, status, cancelled_at from evently.bookings where event_id = $1", [event])).rows;
  t.equal(bookings.length, 3);
  t.ok(bookings.every((b) => b.status === "cancelled" && b.cancelled_at));
  const tickets = (await db.pool.query("select status from evently.tickets where event_id = $1", [event])).rows;
  t.equal(tickets.length, 8);
  t.ok(tickets.every((r) => r.status === "cancelled"), "every ticket is void");

  const [audit] = await auditRows(event, "event.cancelled");
  t.equal(audit.actor_id, admin);
  t.same(audit.details, { reason: "Storm", holds_cancelled: 2, bookings_cancelled: 2, tickets_cancelled: 7 },
    "counts cover only what was still live");

  const [o] = (await db.pool.query("select status from evently.bookings where id = $1", [otherBooking.id])).rows;
  t.equal(o.status, "confirmed", "other events are untouched");
  t.equal((await eventRow(other)).booked, 2);
  t.same(await counterMismatches(db), []);

  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.cancel_event($1)", [event])), "EVECN");
  t.equal((await auditRows(event, "event.cancelled")).length, 1, "the second cancel is not audited");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.confirm_hold($1)", [hold.id])), "EVHNA");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.cancel_booking($1)", [b1.id])), "EVBCN");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.hold_tickets($1, 1)", [event])), "EVECN");
  t.ok(b2.id);
});

t.test("upcoming_events filters by time window, city and venue; skips cancelled and past events", async (t) => {
  const berlin = await createVenue("Club", "Berlin");
  const paris = await createVenue("Salle", "Paris");
  // Far in the future, so events made by other tests fall outside the windows below.
  const at = (days: number) => `${days} days`;
  const e1 = await createEvent(db, admin, { startsIn: at(400), venueId: berlin.id });
  const e2 = await createEvent(db, admin, { startsIn: at(401), venueId: paris.id });
  const e3 = await createEvent(db, admin, { startsIn: at(402), venueId: berlin.id });
  const e4 = await createEvent(db, admin, { startsIn: at(403) });
  const cancelled = await createEvent(db, admin, { startsIn: at(400.5), venueId: berlin.id });
  await sqlAs(db.pool, admin, "select evently.cancel_event($1)", [cancelled]);
  const past = await createEvent(db, admin, { startsIn: at(1), venueId: berlin.id });
  await db.pool.query("update evently.events set starts_at = now() - interval '1 hour' where id = $1", [past]);
  const soon = await createEvent(db, admin, { startsIn: "1 hour", venueId: berlin.id });

  const window = "starts_after => now() + interval '399 days', starts_before => now() + interval '404 days'";
  const ids = async (args: string, params: unknown[] = [], who: string | null = null) =>
    (await sqlAs(db.pool, who, `select id from evently.upcoming_events(${args})`, params)).map((r) => r.id);

  t.same(await ids(window), [e1, e2, e3, e4], "anonymous callers see published events in the window, soonest first");
  t.same(await ids(window, [], alice), [e1, e2, e3, e4], "so do users");
  t.same(await ids(`${window}, city => 'berlin'`), [e1, e3], "city matches case-insensitively");
  t.same(await ids(`${window}, city => 'BERLIN'`), [e1, e3]);
  t.same(await ids(`${window}, city => 'Rome'`), []);
  t.same(await ids(`${window}, venue_id => $1`, [paris.id]), [e2]);
  t.same(await ids("starts_after => now() + interval '400.5 days', starts_before => now() + interval '402.5 days'"), [e2, e3],
    "only events between starts_after and starts_before");
  // Boundaries taken in SQL: a JS Date would drop the microseconds.
  const startOf = "(select starts_at from evently.events where id = $1)";
  const endOf = "(select starts_at from evently.events where id = $2)";
  t.same(await ids(`starts_after => ${startOf}, starts_before => ${endOf}`, [e2, e4]), [e2, e3],
    "an event starting exactly at starts_after is included; exactly at starts_before is not");

  const all = await ids("");
  t.ok(all.includes(soon) && all.includes(e1), "by default every future published event is listed");
  t.notOk(all.includes(past), "past events are not upcoming");
  t.notOk(all.includes(cancelled), "cancelled events are not listed");
  const berlinAll = await ids("city => 'Berlin'");
  t.same(berlinAll, [soon, e1, e3], "city alone, default window from now");
});

t.test("events_available: capacity minus booked minus unexpired holds; 0 once cancelled", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10, maxPerUser: 10 });
  const available = async (who: string | null = null) =>
    (await sqlAs(db.pool, who, "select evently.events_available(e) as n from evently.events e where id = $1", [event]))[0].n;
  t.equal(await available(), 10);
  await sqlAs(db.pool, alice, "select evently.book_tickets($1, 3)", [event]);
  const [hold] = await sqlAs(db.pool, bob, "select * from evently.hold_tickets($1, 2)", [event]);
  const [soonExpired] = await sqlAs(db.pool, alice, "select * from evently.hold_tickets($1, 4)", [event]);
  t.equal(await available(), 1, "10 - 3 booked - 6 held");
  await expireHoldNow(db, soonExpired.id);
  t.equal((await eventRow(event)).held, 6, "the expired hold is still counted in held");
  t.equal(await available(), 5, "but not in availability, even for anonymous callers (holds are hidden from them)");
  t.equal(await available(alice), 5, "the same for every caller, whatever RLS shows them");
  await sqlAs(db.pool, bob, "select evently.release_hold($1)", [hold.id]);
  t.equal(await available(), 7);
  await sqlAs(db.pool, admin, "select evently.cancel_event($1)", [event]);
  t.equal(await available(), 0, "a cancelled event has nothing available");
});

t.test("audit_log is for admins only", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5 });
  const asAdmin = await asUser(
    db.pool, admin,
    async (c) => (await c.query("select action from evently.audit_log where subject_id = $1", [event])).rows,
    "evently_admin",
  );
  t.same(asAdmin.map((r) => r.action), ["event.created"], "an admin reads the log");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select * from evently.audit_log")), "42501", "the user role has no grant");
  t.equal(await sqlState(sqlAs(db.pool, null, "select * from evently.audit_log")), "42501", "nor has anonymous");
  const [{ n }] = await asUser(
    db.pool, alice, async (c) => (await c.query("select count(*)::int as n from evently.audit_log")).rows, "evently_admin",
  );
  t.equal(n, 0, "a plain user holding an evently_admin role claim (say, demoted since) sees no rows");
  t.equal(
    await sqlState(asUser(db.pool, admin, (c) => c.query("delete from evently.audit_log"), "evently_admin")),
    "42501",
    "not even admins may rewrite history",
  );
});
