// evently_private.unlock_dead_workers: jobs locked by a graphile-worker pool whose liveness
// lock (evently_private.lock_worker_pool) no session holds are freed; a live pool's jobs, and
// jobs locked for less than the grace, are left alone; a job removed while the dead worker ran
// it is deleted instead of lingering as a failed job. Real sessions stand for the processes.
import t from "tap";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseCrontab } from "graphile-worker";
import { createTestDb } from "../helpers.ts";
import { projectRoot } from "../../src/config.ts";

const db = await createTestDb(t);

async function lockedJob(lockedBy: string, lockedAgo: string, key: string | null = null): Promise<string> {
  const { rows } = await db.pool.query<{ id: string }>(
    "select id::text from graphile_worker.add_job('purge_idempotency_keys', '{}', job_key => $1)", [key]);
  // What get_job does (attempts + 1, locked_by, locked_at), in the past by lockedAgo.
  await db.pool.query(
    `update graphile_worker._private_jobs set attempts = attempts + 1, locked_by = $2, locked_at = now() - $3::interval
      where id = $1`, [rows[0].id, lockedBy, lockedAgo]);
  return rows[0].id;
}

t.test("frees dead pools' jobs after the grace, never a live pool's", async (t) => {
  const live = await db.pool.connect();
  let released = false;
  t.teardown(() => {
    if (!released) live.release(true);
  });
  const { rows: [taken] } = await live.query<{ ok: boolean }>("select evently_private.lock_worker_pool('pool-live') as ok");
  t.equal(taken.ok, true, "the live pool's session holds its lock");
  // A second session cannot take the same lock while the first lives.
  const { rows: [again] } = await db.pool.query<{ ok: boolean }>("select evently_private.lock_worker_pool('pool-live') as ok");
  t.equal(again.ok, false, "another session cannot take it");

  const liveJob = await lockedJob("pool-live", "1 minute");
  const deadJob = await lockedJob("pool-dead", "1 minute");
  const freshDeadJob = await lockedJob("pool-fresh", "1 second");
  // Removed while the dead worker ran it (a hold closed by the sweep): remove_job marks it never to run again.
  const removed = await lockedJob("pool-dead", "1 minute", "expire_hold:gone");
  await db.pool.query("select graphile_worker.remove_job('expire_hold:gone')");

  const { rows: [r] } = await db.pool.query<{ dead: string[] }>("select evently_private.unlock_dead_workers() as dead");
  t.same(r.dead, ["pool-dead"], "only the pool nobody vouches for, locked longer than the grace");
  const state = async (id: string) =>
    (await db.pool.query<{ locked_by: string | null }>("select locked_by from graphile_worker._private_jobs where id = $1", [id])).rows[0];
  t.equal((await state(deadJob))?.locked_by, null, "the dead pool's job is unlocked: it runs again");
  const { rows: [why] } = await db.pool.query("select last_error from graphile_worker._private_jobs where id = $1", [deadJob]);
  t.match(why.last_error, /^worker pool-dead died while running it/, "its last_error says why it ran again");
  t.equal((await state(liveJob))?.locked_by, "pool-live", "the live pool's job stays locked");
  t.equal((await state(freshDeadJob))?.locked_by, "pool-fresh", "a job locked within the grace stays (its pool may be taking its lock)");
  t.equal(await state(removed), undefined, "the job removed while running is deleted, not left as a failed job");

  // The live session ends (kill -9 of its process): its pool's jobs are freed next time.
  live.release(true);
  released = true;
  await new Promise((resolve) => setTimeout(resolve, 200));
  const { rows: [r2] } = await db.pool.query<{ dead: string[] }>("select evently_private.unlock_dead_workers(interval '0 seconds') as dead");
  t.same(r2.dead.sort(), ["pool-fresh", "pool-live"], "once its session is gone, the pool counts as dead");
  t.equal((await state(liveJob))?.locked_by, null, "and its job is freed");
});

// The outbox relay is one job under one key that re-arms itself. The crontab re-creates it
// each minute; if the worker running that cron-created job dies, the job must run again
// once freed, not wait as a failed job for the next tick (up to a minute without
// notifications). Read from tasks/crontab, so changing the entry's options is what is tested.
t.test("the relay job the crontab creates runs again after its worker died", async (t) => {
  const crontab = await readFile(join(projectRoot, "tasks", "crontab"), "utf8");
  const relay = parseCrontab(crontab).find((item) => item.task === "relay_notifications");
  t.ok(relay, "tasks/crontab re-creates the relay");
  const { rows: [job] } = await db.pool.query<{ id: string }>(
    "select id::text from graphile_worker.add_job('relay_notifications', '{}', job_key => $1, max_attempts => $2)",
    [relay!.options.jobKey ?? null, relay!.options.maxAttempts ?? null]);
  // get_job as the now-dead worker ran it: attempts + 1, locked.
  await db.pool.query(
    `update graphile_worker._private_jobs set attempts = attempts + 1, locked_by = 'pool-relay-dead', locked_at = now() - interval '1 minute'
      where id = $1`, [job.id]);
  const { rows: [r] } = await db.pool.query<{ dead: string[] }>("select evently_private.unlock_dead_workers() as dead");
  t.ok(r.dead.includes("pool-relay-dead"), "its pool is found dead");
  const { rows: [after] } = await db.pool.query<{ runnable: boolean; attempts: number; max_attempts: number }>(
    `select locked_by is null and attempts < max_attempts and run_at <= now() as runnable, attempts, max_attempts
       from graphile_worker._private_jobs where id = $1`, [job.id]);
  t.ok(after?.runnable, `the relay job is runnable at once (attempts ${after?.attempts} of ${after?.max_attempts})`);
});
