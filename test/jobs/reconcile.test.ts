// Reconciliation: counters a DBA corrupted by hand are detected, recorded once, logged,
// never fixed silently; repair_counter fixes one and records who did it.
import t from "tap";
import type { Runner } from "graphile-worker";
import { asUser, counterMismatches, createEvent, createTestDb, createUser, sqlAs, sqlState } from "../helpers.ts";
import { startWorker } from "../../src/worker.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });
const user = await createUser(db);

t.test("a hand-corrupted counter is detected, recorded once, and repaired on request", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  await sqlAs(db.pool, user, "select evently.book_tickets($1, 3)", [event]);
  t.same((await db.pool.query("select * from evently_private.reconcile_counters()")).rows, [], "a healthy database has no mismatch");

  await db.pool.query("update evently.events set booked = 7 where id = $1", [event]); // the DBA's slip
  const { rows: found } = await db.pool.query("select event_id, counter, recorded, actual from evently_private.reconcile_counters()");
  t.same(found, [{ event_id: event, counter: "booked", recorded: 7, actual: 3 }]);
  t.same((await db.pool.query("select * from evently_private.reconcile_counters()")).rows, [], "an open mismatch is not recorded twice");
  const [{ booked }] = (await db.pool.query("select booked from evently.events where id = $1", [event])).rows;
  t.equal(booked, 7, "nothing was fixed silently");

  const visible = await asUser(db.pool, admin, async (c) => (await c.query("select counter from evently.counter_mismatches")).rows, "evently_admin");
  t.same(visible, [{ counter: "booked" }], "admins read the mismatches");
  t.same(await sqlAs(db.pool, user, "select 1 from evently.counter_mismatches").catch((e) => e.code), "42501", "users cannot");

  const [{ id }] = (await db.pool.query("select id from evently.counter_mismatches where event_id = $1", [event])).rows;
  const { rows: [repaired] } = await db.pool.query("select * from evently_private.repair_counter($1, 'typo in a manual fix')", [id]);
  t.ok(repaired.repaired_at);
  t.equal(repaired.repaired_by, "postgres", "the DBA's login is recorded");
  t.equal(repaired.note, "typo in a manual fix");
  t.same(await counterMismatches(db), []);
  t.equal(await sqlState(db.pool.query("select evently_private.repair_counter($1)", [id])), "EVINV", "a repaired mismatch stays repaired");
  t.equal(await sqlState(asUser(db.pool, admin, (c) => c.query("select evently_private.repair_counter($1)", [id]), "evently_admin")), "42501",
    "not callable through the API roles");
});

t.test("the reconcile_counters job records mismatches through the worker", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  await db.pool.query("update evently.events set held = 2 where id = $1", [event]);
  let runner: Runner | undefined = await startWorker({ pgPool: db.newPool(3), concurrency: 1, pollInterval: 200, crontab: false });
  t.teardown(() => runner?.stop());
  await db.pool.query("select graphile_worker.add_job('reconcile_counters')");
  const deadline = Date.now() + 10_000;
  let rows: unknown[] = [];
  while (Date.now() < deadline) {
    rows = (await db.pool.query("select counter, recorded, actual from evently.counter_mismatches where event_id = $1", [event])).rows;
    if (rows.length) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  t.same(rows, [{ counter: "held", recorded: 2, actual: 0 }]);
  await runner.stop();
  runner = undefined;
});
