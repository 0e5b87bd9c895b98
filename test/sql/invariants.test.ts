// The one invariant oracle, evently_private.invariant_violations: each invariant it states
// is broken by hand once and must be reported (and only for the event broken).
import t, { type Test } from "tap";
import { counterMismatches, createEvent, createTestDb, createUser, sqlAs, type TestDb } from "../helpers.ts";
import { createSeatedEvent, createSeatedVenue } from "../seat-helpers.ts";

/**
 * A database of its own with an event holding one booking of 2 and one hold of 1 (general
 * admission or seats), and another event that is never broken.
 */
async function scene(t: Test, seated = false) {
  const db = await createTestDb(t, 2);
  const admin = await createUser(db, { admin: true });
  const user = await createUser(db);
  const event = seated
    ? await createSeatedEvent(db, admin, await createSeatedVenue(db, admin, [{ name: "Stalls", rows: 2, seatsPerRow: 5 }]))
    : await createEvent(db, admin, { capacity: 10 });
  const [booking] = await sqlAs(db.pool, user, "select * from evently.book_tickets($1, 2)", [event]);
  const [hold] = await sqlAs(db.pool, user, "select * from evently.hold_tickets($1, 1)", [event]);
  const other = await createEvent(db, admin, { capacity: 10 });
  await sqlAs(db.pool, user, "select evently.book_tickets($1, 1)", [other]);
  return { db, event, booking: booking.id as string, hold: hold.id as string };
}
type Scene = Awaited<ReturnType<typeof scene>>;

const cases: Array<[string, boolean, (s: Scene) => Promise<unknown>, string[]]> = [
  ["held counter", false, (s) => s.db.pool.query("update evently.events set held = held + 1 where id = $1", [s.event]), ["held"]],
  ["booked counter", false, (s) => s.db.pool.query("update evently.events set booked = booked - 1 where id = $1", [s.event]), ["booked"]],
  ["waiting counter", false, (s) => s.db.pool.query("update evently.events set waiting = 1 where id = $1", [s.event]), ["waiting"]],
  ["a ticket voided alone", false, (s) =>
    s.db.pool.query("update evently.tickets set status = 'cancelled' where id = (select id from evently.tickets where booking_id = $1 limit 1)", [s.booking]),
    ["tickets_valid"]],
  ["a held seat freed alone", true, (s) =>
    s.db.pool.query("update evently.event_seats set status = 'available', hold_id = null where hold_id = $1", [s.hold]),
    ["hold_seats", "seats_held"]],
  ["a seat of a closed hold", true, (s) => s.db.pool.query(
    `with h as (update evently.holds set status = 'released', closed_at = now() where id = $1 returning quantity, event_id)
     update evently.events e set held = e.held - h.quantity from h where e.id = h.event_id`, [s.hold]),
    ["seats_held", "seats_orphaned"]],
  ["a booked seat's ticket moved", true, (s) => s.db.pool.query(
    `update evently.tickets set seat_id = (select id from evently.event_seats where event_id = $2 and status = 'available' limit 1)
      where id = (select id from evently.tickets where booking_id = $1 limit 1)`, [s.booking, s.event]),
    ["seat_tickets"]],
  ["an active hold left on a cancelled event", false, (s) =>
    s.db.pool.query("update evently.events set status = 'cancelled', cancelled_at = now(), held = 0 where id = $1", [s.event]), ["held"]],
];

for (const [name, seated, breakIt, expected] of cases) {
  t.test(name, async (t) => {
    const s = await scene(t, seated);
    t.same(await counterMismatches(s.db), [], "(consistent before)");
    await breakIt(s);
    const found = (await counterMismatches(s.db)) as Array<{ event_id: string; counter: string }>;
    t.same(found.map((v) => v.counter).sort(), [...expected].sort());
    t.ok(found.every((v) => v.event_id === s.event), "only the broken event is reported");
  });
}

t.test("the oracle takes a set of events", async (t) => {
  const s = await scene(t);
  await s.db.pool.query("update evently.events set booked = booked + 1 where id = $1", [s.event]);
  t.same(await counterMismatches(s.db, ["00000000-0000-4000-8000-000000000000"]), [], "an unrelated id: nothing");
  t.equal((await counterMismatches(s.db, [s.event])).length, 1);
});
