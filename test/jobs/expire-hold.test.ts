// The expire_hold job, run by a real graphile-worker runner against the test database.
import t from "tap";
import type { Runner } from "graphile-worker";
import { counterMismatches, createEvent, createTestDb, createUser, sqlAs } from "../helpers.ts";
import { startWorker } from "../../src/worker.ts";
import { waitFor } from "../support.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });
const alice = await createUser(db);

let worker: Runner | undefined;
t.before(async () => {
  worker = await startWorker({ pgPool: db.newPool(4), concurrency: 2, pollInterval: 200, crontab: false });
});
t.teardown(async () => {
  await worker?.stop();
});

t.test("the hold's own job releases it at expires_at", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5, holdTtl: "10 seconds" });
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_tickets($1, 3)", [event]);
  // The worker's relay queues the job (evently_private.relay_hold_expiries), about its idle interval later.
  const jobs = await waitFor("the relay to queue the hold's job", async () => {
    const { rows } = await db.pool.query("select task_identifier, run_at from graphile_worker.jobs where key = $1", [
      `expire_hold:${hold.id}`,
    ]);
    return rows.length ? rows : undefined;
  });
  t.equal(jobs.length, 1);
  t.equal(jobs[0].task_identifier, "expire_hold");
  t.equal(new Date(jobs[0].run_at).getTime(), new Date(hold.expires_at).getTime(), "the job runs at expires_at");
  const status = await waitFor("the hold to expire", async () => {
    const { rows } = await db.pool.query("select status from evently.holds where id = $1", [hold.id]);
    return rows[0].status === "active" ? undefined : rows[0].status;
  });
  t.equal(status, "expired");
  const { rows } = await db.pool.query("select held from evently.events where id = $1", [event]);
  t.equal(rows[0].held, 0, "its tickets are back on sale");
  t.same(await counterMismatches(db), []);
});

t.test("a job with a malformed payload fails loudly and changes nothing", async (t) => {
  await db.pool.query(
    "select graphile_worker.add_job('expire_hold', '{\"hold_id\": \"not-a-uuid\"}'::json, job_key => 'bad-payload', max_attempts => 1)",
  );
  const error = await waitFor("the job to fail", async () => {
    const { rows } = await db.pool.query("select last_error from graphile_worker.jobs where key = 'bad-payload'");
    return rows[0]?.last_error ?? undefined;
  });
  t.match(error, /expire_hold: payload\.hold_id must be a uuid/);
});
