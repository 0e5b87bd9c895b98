// The backup and restore drill (ops/backup-restore-drill.sh) on a database with bookings,
// holds, seats and a waitlist, dumped while bookings keep arriving: the copy holds exactly
// the dumped snapshot, the invariant oracle finds nothing, and the API works on the copy.
import t from "tap";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../src/config.ts";
import { asUser, counterMismatches, createEvent, createUser, createUsers, sqlAs, type TestDb } from "../helpers.ts";
import { createSeatedEvent, createSeatedVenue, seatIds, seatMismatches } from "../seat-helpers.ts";
import { createClusterDb, pgToolsOrSkip, startCluster } from "../pg-cluster.ts";

const tools = pgToolsOrSkip(t);
if (tools) {
  const cluster = await startCluster(t, tools);
  const db = await createClusterDb(t, cluster);

  function drill(target: string): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn("bash", [join(projectRoot, "ops", "backup-restore-drill.sh"), db.url, cluster.url(target)], {
        env: { ...process.env, PG_BIN: tools!.bin },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (c: Buffer) => (output += c));
      child.stderr.on("data", (c: Buffer) => (output += c));
      child.on("exit", (code) => resolve({ code, output }));
    });
  }

  const admin = await createUser(db, { admin: true });
  const users = await createUsers(db, 60);

  // General admission: bookings (one cancelled), an active hold and an expired one.
  const ga = await createEvent(db, admin, { capacity: 500 });
  const keyed = await sqlAs(db.pool, users[0], "select id from evently.book_tickets($1, 2, 'before-the-dump')", [ga]);
  const cancelled = await sqlAs(db.pool, users[1], "select id from evently.book_tickets($1, 1)", [ga]);
  await sqlAs(db.pool, users[1], "select evently.cancel_booking($1)", [cancelled[0].id]);
  await sqlAs(db.pool, users[2], "select id from evently.hold_tickets($1, 3)", [ga]);
  const [expiring] = await sqlAs(db.pool, users[3], "select id from evently.hold_tickets($1, 1)", [ga]);
  await db.pool.query("update evently.holds set expires_at = now() - interval '1 second' where id = $1", [expiring.id]);

  // Reserved seating: seats held and booked.
  const venue = await createSeatedVenue(db, admin, [{ name: "Stalls", rows: 5, seatsPerRow: 10 }]);
  const seated = await createSeatedEvent(db, admin, venue);
  const seats = await seatIds(db, seated);
  await sqlAs(db.pool, users[4], "select id from evently.hold_seats($1, $2)", [seated, [seats.get("Stalls A1"), seats.get("Stalls A2")]]);
  const [seatHold] = await sqlAs(db.pool, users[5], "select id from evently.hold_seats($1, $2)", [seated, [seats.get("Stalls B5")]]);
  await sqlAs(db.pool, users[5], "select evently.confirm_hold($1)", [seatHold.id]);
  await sqlAs(db.pool, users[6], "select count(*) from evently.hold_best_available($1, 4)", [seated]);

  // A sold-out event with people waiting.
  const small = await createEvent(db, admin, { capacity: 2 });
  await sqlAs(db.pool, users[7], "select id from evently.book_tickets($1, 2)", [small]);
  for (const u of users.slice(8, 12)) await sqlAs(db.pool, u, "select id from evently.join_waitlist($1, 1)", [small]);

  t.test("the drill, dumped under live bookings, restores an exact and consistent copy", async (t) => {
    // Bookings keep arriving while pg_dump runs: the copy must be one snapshot of them.
    const load = db.newPool(8);
    let stop = false;
    let booked = 0;
    const bookers = users.slice(20, 28).map(async (user) => {
      while (!stop) {
        // Book and cancel: the user never reaches the per-user limit.
        const booking = await asUser(load, user, async (c) => (await c.query("select id from evently.book_tickets($1, 1)", [ga])).rows[0].id);
        booked++;
        await asUser(load, user, (c) => c.query("select evently.cancel_booking($1)", [booking]));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const bookedBefore = booked;
    const result = await drill("evently_restored");
    const bookedDuring = booked - bookedBefore;
    stop = true;
    await Promise.all(bookers);
    t.equal(result.code, 0, "the drill passes");
    t.match(result.output, /drill: passed/);
    t.ok(bookedDuring > 0, `bookings kept arriving during the drill (${bookedDuring})`);
    for (const line of result.output.trim().split("\n")) t.comment(line);

    const copy: TestDb = { ...db, name: "evently_restored", url: cluster.url("evently_restored"), pool: db.newPool(4, cluster.url("evently_restored")) };
    t.same(await counterMismatches(copy), [], "counters equal rows in the copy");
    t.same(await seatMismatches(copy), [], "seats agree with holds, bookings and tickets in the copy");
    const { rows: [shape] } = await copy.pool.query(`select
        (select count(*) from evently.bookings where status = 'cancelled')::int > 0 as cancelled_bookings,
        (select count(*) from evently.holds where status = 'active')::int > 0 as active_holds,
        (select count(*) from evently.event_seats where status = 'booked')::int > 0 as booked_seats,
        (select count(*) from evently.waitlist_entries where status = 'waiting')::int as waiting,
        (select count(*) from graphile_worker.jobs)::int > 0 as jobs`);
    t.same(shape, { cancelled_bookings: true, active_holds: true, booked_seats: true, waiting: 4, jobs: true }, "everything came along");

    // The API works on the copy: the same key replays the same booking; new bookings work;
    // an expired hold is still reclaimed; row-level security still hides others' rows.
    const replay = await sqlAs(copy.pool, users[0], "select id from evently.book_tickets($1, 2, 'before-the-dump')", [ga]);
    t.equal(replay[0].id, keyed[0].id, "an idempotency key used before the backup replays its booking");
    const fresh = await sqlAs(copy.pool, users[40], "select quantity from evently.book_tickets($1, 2)", [ga]);
    t.equal(fresh[0].quantity, 2, "a new booking on the copy");
    const others = await sqlAs(copy.pool, users[40], "select count(*)::int as n from evently.bookings where user_id <> $1", [users[40]]);
    t.equal(others[0].n, 0, "row-level security on the copy");
    t.same(await counterMismatches(copy), []);
  });

  t.test("the drill fails loudly when the copy breaks an invariant or the target exists", async (t) => {
    // A hand edit on the source (what a bad manual fix would do) travels into the backup.
    await db.pool.query("update evently.events set booked = booked + 1 where id = $1", [ga]);
    const broken = await drill("evently_restored_broken");
    t.equal(broken.code, 1, "exit 1");
    t.match(broken.output, /FAILED 1 invariant violations/);
    await db.pool.query("update evently.events set booked = booked - 1 where id = $1", [ga]);

    const again = await drill("evently_restored");
    t.not(again.code, 0, "restoring over an existing database is refused");
    t.match(again.output, /already exists/);
  });
}
