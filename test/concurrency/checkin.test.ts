// The same ticket scanned at 20 doors at once, over 20 real connections: exactly one
// check-in succeeds, the other 19 are told EVTUS (used), and the invariants hold.
import t from "tap";
import { asUser, counterMismatches, createEvent, createTestDb, createUser, createUsers, sqlAs, sqlError } from "../helpers.ts";

const DOORS = 20;
const db = await createTestDb(t, 5);
const admin = await createUser(db, { admin: true });
const pool = db.newPool(DOORS);
// 20 open connections before the scans, so all of them run at once.
const clients = await Promise.all(Array.from({ length: DOORS }, () => pool.connect()));
clients.forEach((c) => c.release());

t.test(`one ticket, ${DOORS} doors at once: one success, ${DOORS - 1} EVTUS`, async (t) => {
  const event = await createEvent(db, admin, { capacity: 100 });
  const staff = await createUsers(db, DOORS);
  for (const s of staff) await sqlAs(db.pool, admin, "select evently.grant_door_staff($1, $2)", [event, s]);
  const holder = await createUser(db);
  const [booking] = await sqlAs(db.pool, holder, "select id from evently.book_tickets($1, 4)", [event]);
  const { rows: tickets } = await db.pool.query("select code from evently.tickets where booking_id = $1 order by code", [booking.id]);

  for (const [round, { code }] of tickets.entries()) {
    const outcomes = await Promise.all(
      staff.map((s, i) =>
        sqlError(asUser(pool, s, (c) => c.query("select * from evently.check_in($1, $2)", [code, i % 2 ? event : null])))),
    );
    const winners = outcomes.filter((o) => o === undefined).length;
    const used = outcomes.filter((o) => o?.code === "EVTUS");
    t.equal(winners, 1, `round ${round + 1}: exactly one door let the ticket in`);
    t.equal(used.length, DOORS - 1, `round ${round + 1}: the other ${DOORS - 1} were told it is used`);
    t.ok(used.every((o) => /checked in at .* by Bulk \d+/.test(o!.message)), `each refusal says when and by whom: ${used[0]?.message}`);
  }
  const { rows: [checked] } = await db.pool.query(
    `select count(*)::int as tickets, count(*) filter (where checked_in_at is not null)::int as checked_in,
            count(distinct checked_in_by)::int as doors
       from evently.tickets where booking_id = $1`, [booking.id]);
  t.equal(checked.tickets, 4);
  t.equal(checked.checked_in, 4, "every ticket checked in once");
  const { rows: [audit] } = await db.pool.query(
    "select count(*)::int as n, count(distinct subject_id)::int as tickets from evently.audit_log where action = 'ticket.checked_in' and details->>'event_id' = $1",
    [event]);
  t.same(audit, { n: 4, tickets: 4 }, "one audit entry per ticket: the losers wrote none");
  const [counts] = await sqlAs(db.pool, admin, "select * from evently.event_check_ins($1)", [event]);
  t.same([counts.tickets, counts.checked_in, counts.remaining], [4, 4, 0]);
  t.same(await counterMismatches(db), [], "the booking invariants hold");
});

t.test("many tickets at many doors at once: each checked in exactly once", async (t) => {
  const event = await createEvent(db, admin, { capacity: 200 });
  const staff = await createUsers(db, DOORS);
  for (const s of staff) await sqlAs(db.pool, admin, "select evently.grant_door_staff($1, $2)", [event, s]);
  const holders = await createUsers(db, 20);
  for (const h of holders) await sqlAs(db.pool, h, "select evently.book_tickets($1, 5)", [event]);
  const { rows } = await db.pool.query("select code from evently.tickets where event_id = $1", [event]);
  // Every ticket is scanned twice, by two different doors, all at once.
  const scans = rows.flatMap(({ code }, i) => [
    { code, door: staff[i % DOORS] },
    { code, door: staff[(i + 7) % DOORS] },
  ]);
  const started = Date.now();
  const outcomes = await Promise.all(scans.map(({ code, door }) =>
    sqlError(asUser(pool, door, (c) => c.query("select evently.check_in($1)", [code])))));
  const ms = Date.now() - started;
  t.equal(outcomes.filter((o) => o === undefined).length, rows.length, "one success per ticket");
  t.equal(outcomes.filter((o) => o?.code === "EVTUS").length, rows.length, "one EVTUS per second scan");
  t.comment(`${scans.length} scans over ${DOORS} connections in ${ms} ms (${Math.round(scans.length / (ms / 1000))} scans/s)`);
  const { rows: [n] } = await db.pool.query(
    "select count(*) filter (where checked_in_at is null)::int as left from evently.tickets where event_id = $1", [event]);
  t.equal(n.left, 0);
  t.same(await counterMismatches(db), []);
});
