// The waiting room under a rush: 5,000 people join at once over 40 connections while a real
// graphile-worker runner admits them, and everyone keeps trying to hold tickets. Afterwards:
// admissions never ran ahead of the rate, followed the join order, and no hold was placed
// without a current admission.
import t from "tap";
import type { Runner } from "graphile-worker";
import { asUser, counterMismatches, createEvent, createTestDb, createUser, createUsers, sqlState } from "../helpers.ts";
import { startWorker } from "../../src/worker.ts";

const JOINERS = 5_000;
const CONNECTIONS = 40;
const RATE = 1_200; // people per minute: 20 a second
const db = await createTestDb(t, 5);
const admin = await createUser(db, { admin: true });
const pool = db.newPool(CONNECTIONS);
await Promise.all(Array.from({ length: CONNECTIONS }, async () => (await pool.connect()).release()));

let worker: Runner | undefined;
t.teardown(async () => {
  await worker?.stop();
});

t.test(`${JOINERS} join at once: admitted in join order, never faster than the rate, no hold without admission`, async (t) => {
  const event = await createEvent(db, admin, { capacity: JOINERS, maxPerUser: 1 });
  const users = await createUsers(db, JOINERS);
  await asUser(pool, admin, (c) => c.query("select evently.open_waiting_room($1, now(), $2, interval '10 minutes')", [event, RATE]));
  worker = await startWorker({ pgPool: db.newPool(4), concurrency: 2, pollInterval: 100, crontab: false });

  // Everyone joins at once; every tenth tries to hold straight away (an impatient buyer).
  const firstTry = await Promise.all(
    users.map(async (u, i) => {
      await asUser(pool, u, (c) => c.query("select evently.join_queue($1)", [event]));
      return i % 10 ? "did not try" : sqlState(asUser(pool, u, (c) => c.query("select evently.hold_tickets($1, 1)", [event])));
    }),
  );
  const tried = firstTry.filter((s) => s !== "did not try");
  t.ok(tried.length === JOINERS / 10 && tried.every((s) => s === undefined || s === "EVQAD"), "every first try held or was EVQAD");

  // For a few seconds more, everyone still waiting retries in rounds while the job admits.
  const deadline = Date.now() + 4_000;
  const holders = new Set(users.filter((_, i) => firstTry[i] === undefined));
  while (Date.now() < deadline) {
    const waiting = users.filter((u) => !holders.has(u));
    const sample = waiting.slice(0, 400);
    const tries = await Promise.all(sample.map((u) => sqlState(asUser(pool, u, (c) => c.query("select evently.hold_tickets($1, 1)", [event])))));
    t.ok(tries.every((s) => s === undefined || s === "EVQAD"), "a retry holds or is EVQAD");
    sample.forEach((u, i) => tries[i] === undefined && holders.add(u));
    await new Promise((r) => setTimeout(r, 250));
  }
  await worker.stop();
  worker = undefined;

  const { rows: [room] } = await db.pool.query("select counting_since, admitted, last_position from evently.waiting_rooms where event_id = $1", [event]);
  const { rows: entries } = await db.pool.query(
    "select user_id, position, status, admitted_at, admission_expires_at from evently.queue_entries where event_id = $1 order by position",
    [event],
  );
  t.equal(entries.length, JOINERS, "one entry per person");
  t.equal(new Set(entries.map((e) => Number(e.position))).size, JOINERS, "positions are distinct");
  const admitted = entries.filter((e) => e.status === "admitted");
  t.ok(admitted.length > 0, `some were admitted (${admitted.length})`);
  t.equal(Number(room.admitted), admitted.length, "the room's count equals its admitted entries");
  const firstWaiting = entries.findIndex((e) => e.status === "waiting");
  t.equal(firstWaiting === -1 ? entries.length : firstWaiting, admitted.length, "the admitted are exactly the first in line (join order)");
  const since = new Date(room.counting_since).getTime();
  const early = admitted.filter((e, k) => new Date(e.admitted_at).getTime() < since + ((k + 1) * 60_000) / RATE);
  t.same(early.length, 0, "the k-th admission came no earlier than k / rate after opening");
  t.ok(admitted.every((e, k) => k === 0 || new Date(e.admitted_at) >= new Date(admitted[k - 1].admitted_at)), "admission times follow the line");

  const { rows: unadmittedHolds } = await db.pool.query(
    `select h.id from evently.holds h
       left join evently.queue_entries q on q.event_id = h.event_id and q.user_id = h.user_id
      where h.event_id = $1
        and not (q.status = 'admitted' and h.created_at < q.admission_expires_at)`,
    [event],
  );
  t.same(unadmittedHolds, [], "every hold's holder was admitted, and held before the admission expired");
  const { rows: [holds] } = await db.pool.query("select count(*)::int as n from evently.holds where event_id = $1", [event]);
  t.equal(holds.n, holders.size, "every successful hold is a row");
  t.ok(holders.size <= admitted.length, "no more holders than admissions");
  t.same(await counterMismatches(db, [event]), [], "counters = rows");
  t.comment(`joined ${JOINERS}, admitted ${admitted.length} at ${RATE}/min, held ${holders.size}`);
});
