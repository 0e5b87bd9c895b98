// L_batch (bench/ceiling/measure.ts): pgbench really books through
// evently_private.book_tickets_batch, size bookings per call, and the figure counts rows.
import t from "tap";
import { createTestDb } from "../helpers.ts";
import { measureBatchCeiling } from "../../bench/ceiling/measure.ts";
import { bookScript, pgbenchAvailable, PGBENCH } from "../../bench/ceiling/pgbench.ts";
import { createEvents } from "../../bench/fixtures.ts";
import { eventId, userId } from "../../bench/ids.ts";

t.test("the batch script calls book_tickets_batch as evently_authenticator, :size per call", async (t) => {
  const script = bookScript("batch");
  t.match(script, /set_config\('role', 'evently_authenticator', true\)/);
  t.match(script, /evently_private\.book_tickets_batch\(/);
  t.match(script, /generate_series\(1, :size\)/);
  t.notMatch(script, /evently\.book_tickets\(/);
});

t.test("L_batch: every call books its size on one event, and the figure is rows per second", async (t) => {
  t.ok(pgbenchAvailable(), `pgbench at ${PGBENCH}`);
  const db = await createTestDb(t);
  const users = 50;
  await db.pool.query(
    "insert into evently.users (id, email, name) select id::uuid, 'batch-' || n || '@example.com', 'Batch ' || n from unnest($1::text[]) with ordinality u(id, n)",
    [Array.from({ length: users }, (_, i) => userId(i + 1))],
  );
  const run = 7;
  await createEvents(db.pool, run, 1, 2_000_000_000, "evently");
  const lines: string[] = [];
  const c = await measureBatchCeiling({ db, users, pgbenchSeconds: 1, log: (l) => lines.push(l) }, run, { size: 4, clients: 2 });
  t.equal(c.notBooked, 0, "every booking a measured call asked for was made");
  t.ok(c.bookingsPerSec > 0, `${c.bookingsPerSec.toFixed(0)} bookings/s`);
  t.same([c.size, c.clients, c.seconds], [4, 2, 1]);
  const { rows: [r] } = await db.pool.query(
    `select count(*)::int as n, count(*) filter (where quantity <> 1 or status <> 'confirmed')::int as odd,
            (select booked from evently.events where id = $1) as booked
       from evently.bookings where event_id = $1`,
    [eventId(run, 1)],
  );
  t.ok(r.n > 0 && r.n % 4 === 0, `${r.n} bookings, whole calls of 4 (warm-up and measured)`);
  t.equal(r.odd, 0, "one confirmed ticket each");
  t.equal(r.booked, r.n, "the event's counter equals its rows");
  t.match(lines.join("\n"), /L_batch: \d+ bookings\/s/);
});
