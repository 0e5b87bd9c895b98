// Check-in at the door through SQL: door-staff grants, each ticket used once, a registered
// code for every refusal, audit entries, counts.
import t from "tap";
import { counterMismatches, createEvent, createTestDb, createUser, sqlAs, sqlError, sqlState } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

async function bookedCodes(userId: string, event: string, quantity: number): Promise<{ booking: string; codes: string[] }> {
  const [b] = await sqlAs(db.pool, userId, "select id from evently.book_tickets($1, $2)", [event, quantity]);
  const { rows } = await db.pool.query("select code from evently.tickets where booking_id = $1 order by code", [b.id]);
  return { booking: b.id, codes: rows.map((r) => r.code) };
}

t.test("grants: admins only, idempotent, audited, revocable", async (t) => {
  const event = await createEvent(db, admin);
  const staff = await createUser(db);
  const other = await createUser(db);
  t.equal(await sqlState(sqlAs(db.pool, other, "select evently.grant_door_staff($1, $2)", [event, staff])), "EVFBD");
  t.equal(await sqlState(sqlAs(db.pool, null, "select evently.grant_door_staff($1, $2)", [event, staff])), "EVAUT");
  const missingEvent = await sqlError(sqlAs(db.pool, admin, "select evently.grant_door_staff(gen_random_uuid(), $1)", [staff]));
  t.same([missingEvent?.code, missingEvent?.detail], ["EVNFD", "event_id"]);
  const missingUser = await sqlError(sqlAs(db.pool, admin, "select evently.grant_door_staff($1, gen_random_uuid())", [event]));
  t.same([missingUser?.code, missingUser?.detail], ["EVNFD", "user_id"]);

  const [g1] = await sqlAs(db.pool, admin, "select * from evently.grant_door_staff(event_id => $1, user_id => $2)", [event, staff]);
  t.same([g1.event_id, g1.user_id, g1.granted_by], [event, staff, admin]);
  const [g2] = await sqlAs(db.pool, admin, "select * from evently.grant_door_staff($1, $2)", [event, staff]);
  t.same(g2.granted_at, g1.granted_at, "granting again keeps the first grant");
  const audit = await db.pool.query("select action, actor_id, details from evently.audit_log where subject_id = $1 order by id", [event]);
  t.same(audit.rows.filter((r) => r.action.startsWith("door_staff")).map((r) => [r.action, r.actor_id, r.details.user_id]),
    [["door_staff.granted", admin, staff]], "one audit entry for the grant");

  t.same((await sqlAs(db.pool, staff, "select event_id from evently.my_door_staff()")).map((r) => r.event_id), [event]);
  t.same(await sqlAs(db.pool, other, "select * from evently.door_staff"), [], "others see no grants");
  t.equal((await sqlAs(db.pool, admin, "select * from evently.door_staff where event_id = $1", [event])).length, 1, "admins see them");
  t.equal(await sqlState(sqlAs(db.pool, staff, "insert into evently.door_staff (event_id, user_id) values ($1, $2)", [event, other])), "42501",
    "no API role writes door_staff directly");

  t.equal(await sqlState(sqlAs(db.pool, staff, "select evently.revoke_door_staff($1, $2)", [event, staff])), "EVFBD");
  const [r] = await sqlAs(db.pool, admin, "select * from evently.revoke_door_staff($1, $2)", [event, staff]);
  t.equal(r.user_id, staff);
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.revoke_door_staff($1, $2)", [event, staff])), "EVNFD");
  t.same(await sqlAs(db.pool, staff, "select * from evently.my_door_staff()"), []);
  const { rows: [revoked] } = await db.pool.query(
    "select count(*)::int as n from evently.audit_log where subject_id = $1 and action = 'door_staff.revoked'", [event]);
  t.equal(revoked.n, 1);
});

t.test("check_in: once, then EVTUS with when and by whom; every refusal its own code", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  const otherEvent = await createEvent(db, admin, { capacity: 10 });
  const staff = await createUser(db, { email: "dora-door@example.com" });
  await db.pool.query("update evently.users set name = 'Dora Door' where id = $1", [staff]);
  const stranger = await createUser(db);
  const holder = await createUser(db);
  await sqlAs(db.pool, admin, "select evently.grant_door_staff($1, $2)", [event, staff]);
  const { booking, codes } = await bookedCodes(holder, event, 3);
  const { codes: [elsewhere] } = await bookedCodes(holder, otherEvent, 1);

  t.equal(await sqlState(sqlAs(db.pool, null, "select evently.check_in($1)", [codes[0]])), "EVAUT");
  t.equal(await sqlState(sqlAs(db.pool, stranger, "select evently.check_in($1)", [codes[0]])), "EVDSF", "not staff anywhere");
  t.equal(await sqlState(sqlAs(db.pool, holder, "select evently.check_in($1)", [codes[0]])), "EVDSF", "holders cannot let themselves in");
  t.equal(await sqlState(sqlAs(db.pool, stranger, "select evently.check_in($1, $2)", [codes[0], event])), "EVDSF");
  const unknown = await sqlError(sqlAs(db.pool, staff, "select evently.check_in($1)", ["0123456789abcdef0123456789abcdef"]));
  t.same([unknown?.code, unknown?.detail], ["EVTUK", "code"]);
  t.equal(await sqlState(sqlAs(db.pool, staff, "select evently.check_in($1)", [""])), "EVINV");
  t.equal(await sqlState(sqlAs(db.pool, staff, "select evently.check_in($1)", [elsewhere])), "EVDSF", "staff of another event");
  const wrong = await sqlError(sqlAs(db.pool, staff, "select evently.check_in($1, $2)", [elsewhere, event]));
  t.equal(wrong?.code, "EVTWE", "scanning at this event's door: another event's ticket");
  t.match(wrong?.message, /another event/);
  t.equal(await sqlState(sqlAs(db.pool, staff, "select evently.check_in($1, gen_random_uuid())", [codes[0]])), "EVNFD");

  const [done] = await sqlAs(db.pool, staff, "select * from evently.check_in(code => $1, event_id => $2)", [` ${codes[0].toUpperCase()} `, event]);
  t.same([done.code, done.event_id, done.booking_id, done.checked_in_by], [codes[0], event, booking, staff],
    "scanned codes are trimmed and case-insensitive");
  t.ok(done.holder_name, "the holder's name for the door");
  const again = await sqlError(sqlAs(db.pool, staff, "select evently.check_in($1)", [codes[0]]));
  t.equal(again?.code, "EVTUS");
  t.match(again?.message, /already used: checked in at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by Dora Door/);
  const adminAgain = await sqlError(sqlAs(db.pool, admin, "select evently.check_in($1)", [codes[0]]));
  t.equal(adminAgain?.code, "EVTUS", "an admin gets the same answer");

  const [byAdmin] = await sqlAs(db.pool, admin, "select * from evently.check_in($1)", [codes[1]]);
  t.equal(byAdmin.checked_in_by, admin, "admins may check in at any door");

  const { rows: [ticket] } = await db.pool.query("select checked_in_at, checked_in_by from evently.tickets where code = $1", [codes[0]]);
  t.same(ticket.checked_in_by, staff);
  const [mine] = await sqlAs(db.pool, holder, "select checked_in_at from evently.tickets where code = $1", [codes[0]]);
  t.ok(mine.checked_in_at, "the holder sees that their ticket was used");

  const audit = await db.pool.query(
    "select actor_id, details from evently.audit_log where action = 'ticket.checked_in' and subject_type = 'ticket' and details->>'event_id' = $1 order by id",
    [event]);
  t.same(audit.rows.map((r) => [r.actor_id, r.details.booking_id]), [[staff, booking], [admin, booking]], "one audit entry per check-in");

  const [counts] = await sqlAs(db.pool, staff, "select * from evently.event_check_ins($1)", [event]);
  t.same([counts.tickets, counts.checked_in, counts.remaining], [3, 2, 1]);
  t.ok(counts.last_check_in_at);
  t.equal(await sqlState(sqlAs(db.pool, stranger, "select * from evently.event_check_ins($1)", [event])), "EVDSF");
  t.equal(await sqlState(sqlAs(db.pool, staff, "select * from evently.event_check_ins(gen_random_uuid())")), "EVNFD");

  // Cancelling the booking voids the unused ticket and the used ones alike.
  await sqlAs(db.pool, holder, "select evently.cancel_booking($1)", [booking]);
  const cancelled = await sqlError(sqlAs(db.pool, staff, "select evently.check_in($1)", [codes[2]]));
  t.same([cancelled?.code, cancelled?.detail], ["EVTCN", "code"]);
  t.equal(await sqlState(sqlAs(db.pool, staff, "select evently.check_in($1)", [codes[0]])), "EVTCN", "a used ticket, cancelled since");
  const [after] = await sqlAs(db.pool, staff, "select * from evently.event_check_ins($1)", [event]);
  t.same([after.tickets, after.checked_in, after.remaining], [0, 0, 0], "cancelled tickets count as neither");
  t.same(await counterMismatches(db), []);
});

t.test("a revoked grant no longer opens the door; event cancellation voids tickets", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5 });
  const staff = await createUser(db);
  const holder = await createUser(db);
  await sqlAs(db.pool, admin, "select evently.grant_door_staff($1, $2)", [event, staff]);
  const { codes } = await bookedCodes(holder, event, 2);
  await sqlAs(db.pool, staff, "select evently.check_in($1)", [codes[0]]);
  await sqlAs(db.pool, admin, "select evently.revoke_door_staff($1, $2)", [event, staff]);
  t.equal(await sqlState(sqlAs(db.pool, staff, "select evently.check_in($1)", [codes[1]])), "EVDSF");
  const { rows: [kept] } = await db.pool.query("select checked_in_by from evently.tickets where code = $1", [codes[0]]);
  t.equal(kept.checked_in_by, staff, "past check-ins stay");
  await sqlAs(db.pool, admin, "select evently.cancel_event($1)", [event]);
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.check_in($1)", [codes[1]])), "EVTCN");
});

t.test("analytics_check_ins: admins only, per event in start order", async (t) => {
  const early = await createEvent(db, admin, { capacity: 5, startsIn: "400 days" });
  const late = await createEvent(db, admin, { capacity: 5, startsIn: "401 days" });
  const holder = await createUser(db);
  const { codes } = await bookedCodes(holder, early, 4);
  for (const code of codes.slice(0, 3)) await sqlAs(db.pool, admin, "select evently.check_in($1)", [code]);
  const rows = await sqlAs(db.pool, admin,
    "select * from evently.analytics_check_ins(starts_after => now() + interval '399 days', max_rows => 10)");
  t.same(rows.map((r) => [r.event_id, r.tickets, r.checked_in, r.check_in_rate]), [[early, 4, 3, 0.75], [late, 0, 0, null]]);
  t.ok(rows[0].last_check_in_at);
  t.equal(await sqlState(sqlAs(db.pool, holder, "select * from evently.analytics_check_ins()")), "EVFBD");
  t.equal(await sqlState(sqlAs(db.pool, admin, "select * from evently.analytics_check_ins(max_rows => 0)")), "EVINV");
});
