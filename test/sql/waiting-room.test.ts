// The virtual waiting room through SQL: who may open it, joining and positions, admission in
// order at the rate, the check in every way to take tickets, expiry, leaving, closing.
import t from "tap";
import { counterMismatches, createEvent, createTestDb, createUser, sqlAs, sqlError, sqlState } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

async function room(event: string, rate = 2, window = "10 minutes", opensIn = "0 seconds") {
  const [r] = await sqlAs(db.pool, admin,
    "select * from evently.open_waiting_room(event_id => $1, opens_at => now() + $2::interval, admission_rate => $3, admission_window => $4::interval)",
    [event, opensIn, rate, window]);
  return r;
}
/** Lets `minutes` of the rate's time pass (the rate is counted from counting_since). */
async function elapse(event: string, minutes: number) {
  await db.pool.query("update evently.waiting_rooms set counting_since = counting_since - make_interval(secs => $2 * 60) where event_id = $1", [event, minutes]);
}
const join = async (user: string, event: string) => (await sqlAs(db.pool, user, "select * from evently.join_queue($1)", [event]))[0];
const entryOf = async (user: string, event: string) =>
  (await sqlAs(db.pool, user, "select q.*, evently.queue_entries_people_ahead(q) as ahead, evently.queue_entries_admitted_now(q) as now from evently.my_queue_entry($1) q", [event]))[0];
const run = async (event: string) => (await db.pool.query("select evently_private.run_waiting_room($1) as next", [event])).rows[0].next;
const book = (user: string, event: string) => sqlAs(db.pool, user, "select * from evently.book_tickets($1, 1)", [event]);

t.test("only admins open a waiting room, with a rate and window in range", async (t) => {
  const event = await createEvent(db, admin);
  const user = await createUser(db);
  const open = "select evently.open_waiting_room($1, now() + $2::interval, $3, $4::interval)";
  t.equal(await sqlState(sqlAs(db.pool, null, open, [event, "0 s", 10, "10 min"])), "EVAUT");
  t.equal(await sqlState(sqlAs(db.pool, user, open, [event, "0 s", 10, "10 min"])), "EVFBD");
  for (const [args, field] of [
    [[event, "0 s", 0, "10 min"], "admission_rate"],
    [[event, "0 s", 10, "30 s"], "admission_window"],
    [[event, "0 s", 10, "2 days"], "admission_window"],
    [[event, "31 days", 10, "10 min"], "opens_at"],
  ] as const) {
    const e = await sqlError(sqlAs(db.pool, admin, open, [...args]));
    t.same([e?.code, e?.detail], ["EVINV", field], `${field} out of range is EVINV`);
  }
  t.equal(await sqlState(sqlAs(db.pool, admin, open, ["00000000-0000-4000-8000-000000000000", "0 s", 10, "10 min"])), "EVNFD");
  const r = await room(event, 30);
  t.equal(r.admission_rate, 30);
  const { rows: audit } = await db.pool.query("select action, actor_id from evently.audit_log where subject_id = $1 and action like 'waiting_room.%'", [event]);
  t.same(audit, [{ action: "waiting_room.opened", actor_id: admin }], "recorded in the audit log");
  const { rows: jobs } = await db.pool.query("select task_identifier from graphile_worker.jobs where key = $1", [`admit_from_queue:${event}`]);
  t.same(jobs.map((j) => j.task_identifier), ["admit_from_queue"], "its admissions job is queued with the room");
});

t.test("with a room, nobody takes tickets without an admission", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  await room(event, 2, "10 minutes", "1 hour");
  const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)];
  for (const q of ["select evently.book_tickets($1, 1)", "select evently.hold_tickets($1, 1)", "select evently.join_waitlist($1, 1)"]) {
    const e = await sqlError(sqlAs(db.pool, a, q, [event]));
    t.same([e?.code, e?.detail], ["EVQAD", "not_in_queue"], `${q.split("(")[0]}: EVQAD before joining`);
  }
  const joined = [await join(a, event), await join(b, event), await join(c, event)];
  t.same(joined.map((e) => e.status), ["waiting", "waiting", "waiting"], "before opens_at everyone waits");
  t.ok(joined[0].position < joined[1].position && joined[1].position < joined[2].position, "positions follow the join order");
  t.same((await join(a, event)).id, joined[0].id, "joining again returns the same entry");
  t.same([(await entryOf(a, event)).ahead, (await entryOf(b, event)).ahead, (await entryOf(c, event)).ahead].map(Number), [0, 1, 2]);
  const e = await sqlError(book(a, event));
  t.same([e?.code, e?.detail], ["EVQAD", "waiting"], "waiting is not admitted");
  t.equal(await run(event) !== null, true, "the job re-arms while people wait");
  t.equal((await entryOf(a, event)).status, "waiting", "nobody is admitted before opens_at");
  t.same(await sqlAs(db.pool, b, "select user_id from evently.queue_entries"), [{ user_id: b }], "people read only their own entry");
  t.equal(await sqlState(sqlAs(db.pool, a, "select evently.join_queue($1)", [await createEvent(db, admin)])), "EVQNR", "an event without a room: EVQNR");
});

t.test("admission follows the join order at the rate, and lets the admitted book", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10, maxPerUser: 2 });
  await room(event, 2);
  const users = [await createUser(db), await createUser(db), await createUser(db)];
  for (const u of users) await join(u, event);
  await elapse(event, 1); // one minute at 2 per minute: two admissions
  await run(event);
  const entries = await Promise.all(users.map((u) => entryOf(u, event)));
  t.same(entries.map((e) => e.status), ["admitted", "admitted", "waiting"], "the first two in line");
  t.same(entries.map((e) => e.now), [true, true, false]);
  t.equal(Number(entries[2].ahead), 0, "the third is next");
  const { rows: notes } = await db.pool.query("select user_id from evently.notifications where event_id = $1 and kind = 'queue_admitted' order by created_at", [event]);
  t.same(notes.map((n) => n.user_id).sort(), users.slice(0, 2).sort(), "each admitted person is told");
  await run(event);
  t.equal((await entryOf(users[2], event)).status, "waiting", "the rate's budget is spent: no third admission yet");
  const [booking] = await book(users[0], event);
  t.equal(booking.quantity, 1, "an admitted person books");
  t.equal(await sqlState(sqlAs(db.pool, users[0], "select evently.book_tickets($1, 2)", [event])), "EVLIM", "within the usual limits");
  t.equal(await sqlState(book(users[2], event)), "EVQAD");
  const [room2] = (await db.pool.query("select admitted, last_position from evently.waiting_rooms where event_id = $1", [event])).rows;
  t.same([Number(room2.admitted), Number(room2.last_position)], [2, 3]);
  t.same(await counterMismatches(db, [event]), []);
});

t.test("a quiet room lets people straight through; raising the rate releases no burst", async (t) => {
  const event = await createEvent(db, admin);
  await room(event, 1);
  await elapse(event, 10);
  const u = await createUser(db);
  t.equal((await join(u, event)).status, "admitted", "budget left and nobody ahead: admitted on joining");
  await book(u, event);
  const r = await room(event, 1000);
  t.same(Number(r.admitted_before), 1, "the count restarts from the admissions made so far");
  const v = await createUser(db);
  t.equal((await join(v, event)).status, "waiting", "a higher rate gives no budget for time already passed");
  t.equal((await entryOf(u, event)).status, "admitted", "reconfiguring keeps everyone's place");
});

t.test("an admission expires if unused; leaving and joining again go to the back", async (t) => {
  const event = await createEvent(db, admin);
  await room(event, 1);
  const [a, b] = [await createUser(db), await createUser(db)];
  await join(a, event);
  await join(b, event);
  await elapse(event, 1);
  await run(event);
  t.equal((await entryOf(a, event)).status, "admitted");
  await db.pool.query("update evently.queue_entries set admitted_at = now() - interval '11 minutes', admission_expires_at = now() - interval '1 minute' where user_id = $1", [a]);
  t.equal((await entryOf(a, event)).now, false, "past its window the admission is gone");
  const e = await sqlError(book(a, event));
  t.same([e?.code, e?.detail], ["EVQAD", "admission_expired"]);
  const again = await join(a, event);
  const bEntry = await entryOf(b, event);
  t.equal(again.status, "waiting");
  t.ok(Number(again.position) > Number(bEntry.position), "joining again is at the back");
  const left = (await sqlAs(db.pool, b, "select * from evently.leave_queue($1)", [event]))[0];
  t.equal(left.status, "left");
  t.equal(Number((await entryOf(a, event)).ahead), 0, "whoever left no longer counts as ahead");
  t.same((await sqlError(book(b, event)))?.detail, "not_in_queue", "leaving gives up the place");
  t.equal(await sqlState(sqlAs(db.pool, await createUser(db), "select evently.leave_queue($1)", [event])), "EVNFD");
});

t.test("closing the room opens the sale to everyone", async (t) => {
  const event = await createEvent(db, admin);
  await room(event, 1);
  const u = await createUser(db);
  await join(u, event);
  t.equal(await sqlState(book(u, event)), "EVQAD");
  t.equal(await sqlState(sqlAs(db.pool, u, "select evently.close_waiting_room($1)", [event])), "EVFBD");
  const [closed] = await sqlAs(db.pool, admin, "select * from evently.close_waiting_room($1)", [event]);
  t.equal(Number(closed.last_position), 1);
  t.equal((await book(u, event))[0].quantity, 1, "books without a queue");
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.close_waiting_room($1)", [event])), "EVNFD");
  const { rows: jobs } = await db.pool.query("select 1 from graphile_worker.jobs where key = $1", [`admit_from_queue:${event}`]);
  t.equal(jobs.length, 0, "its admissions job is gone");
  const { rows: audit } = await db.pool.query("select action from evently.audit_log where subject_id = $1 and action like 'waiting_room.%' order by occurred_at, action", [event]);
  t.same(audit.map((a) => a.action).sort(), ["waiting_room.closed", "waiting_room.opened"]);
});
