// Scale-out under failure: 3 API processes (`npm start` with WORKER=off) and 2 job workers
// (`npm run worker`) on one database. Clients book through the REST API with idempotency
// keys (spread over the three ports; a failed request is retried with the same key on the
// next port) and place holds with the shortest TTL an event allows (10 s), so expiry jobs
// run while the load goes on. Mid-load one API process and then one worker are killed with
// SIGKILL; the worker is the one running an expiry job the test keeps waiting on a row lock
// (found through its liveness lock and application_name). Then:
//   - every acknowledged (201) booking exists, and keyed retries made no duplicate;
//   - every hold expired and no job is left locked by the dead worker: a surviving worker
//     freed its jobs (evently_private.unlock_dead_workers) within seconds, not graphile-worker's 4 hours;
//   - each expiry job ran once, except jobs the dead worker held when it died (they run again;
//     expire_hold is idempotent, so the hold still ends once);
//   - every booking's confirmation was recorded as sent exactly once;
//   - the invariant oracle (evently_private.invariant_violations) finds nothing.
import t from "tap";
import { randomBytes, randomUUID } from "node:crypto";
import { createTestDb, createEvent, createUser, createUsers, counterMismatches } from "../helpers.ts";
import { signToken } from "../../src/auth/tokens.ts";
import { waitFor } from "../support.ts";
import { fleet, logRecords, sleep, type Proc } from "../fleet.ts";

const BOOKERS = 12;
const HOLDERS = 6;
const HOLD_PHASE_MS = 3_000; // holds are placed in the first 3 s (up to 6 s): they expire 10–16 s in
const LOAD_MS = 15_000; // bookings go on for 15 s
const KILL_API_AT = 4_000;
const KILL_WORKER_AT = 11_000; // in the middle of the expiry wave
const T0 = Date.now();
const trace = (m: string) => process.env.EVENTLY_FLEET_TRACE && console.error(`# ${((Date.now() - T0) / 1000).toFixed(1)}s ${m}`);

t.test("3 API + 2 worker processes, one of each killed with SIGKILL under booking and expiry load", async (t) => {
  const db = await createTestDb(t);
  const jwtSecret = randomBytes(32).toString("base64url");
  const admin = await createUser(db, { admin: true });
  const booked = await createEvent(db, admin, { capacity: 100_000, maxPerUser: 10_000 });
  const held = await createEvent(db, admin, { capacity: 100_000, maxPerUser: 10_000, holdTtl: "10 seconds" });
  const users = await createUsers(db, BOOKERS + HOLDERS);
  const tokenOf = (id: string) => signToken({ role: "evently_user", user_id: id, exp: Math.floor(Date.now() / 1000) + 3600 }, jwtSecret);

  trace("setup done");
  const f = fleet(t, { db, jwtSecret, env: { RATE_LIMIT_PER_MINUTE: "100000000", SHUTDOWN_TIMEOUT_MS: "10000" } });
  const apis: Proc[] = [];
  for (let i = 0; i < 3; i++) apis.push(await f.api(`api-${i}`));
  const workers = [0, 1].map((i) => f.worker(`worker-${i}`, { LOG_LEVEL: "info", WORKER_CONCURRENCY: "4", WORKER_POLL_MS: "200" }));
  await Promise.all(apis.map((a) => f.healthy(a, 90_000)));
  await waitFor("both workers' heartbeats", async () => {
    const { rows } = await db.pool.query<{ n: number }>("select count(*)::int as n from evently_ops.worker_heartbeats where seen_at > now() - interval '30 seconds'");
    return rows[0].n >= 2 ? true : undefined;
  }, 60_000, 200);
  trace("fleet up");
  t.equal((await fetch(`${apis[0].url}/ready`)).status, 200, "an API process with WORKER=off is ready while worker processes run");

  // One request, retried with the same key on the next port until answered (or 60 tries).
  const answers = new Map<string, number>();
  const count = (label: string) => answers.set(label, (answers.get(label) ?? 0) + 1);
  let retriedElsewhere = 0;
  async function call(client: number, path: string, token: string, body: unknown, key?: string): Promise<{ status: number; body: { id?: string } } | undefined> {
    for (let attempt = 0; attempt < 60; attempt++) {
      const api = apis[(client + attempt) % apis.length];
      if (attempt > 0) retriedElsewhere++;
      try {
        const res = await fetch(`${api.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...(key ? { "idempotency-key": key } : {}) },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        const json = (await res.json()) as { id?: string; code?: string };
        count(`${res.status}${json.code ? `:${json.code}` : ""}`);
        if (res.status < 500) return { status: res.status, body: json };
      } catch {
        count("no answer");
      }
      await sleep(50);
    }
    return undefined;
  }

  const acknowledged = new Map<string, string>(); // key → booking id
  const unanswered: string[] = [];
  const holds: string[] = [];
  let holdsUnanswered = 0;
  let running = true;
  t.teardown(() => {
    running = false;
  });
  const start = Date.now();
  const bookers = users.slice(0, BOOKERS).map(async (user, i) => {
    const token = tokenOf(user);
    while (running && Date.now() - start < LOAD_MS) {
      const key = randomUUID();
      const res = await call(i, "/api/v1/bookings", token, { event_id: booked, quantity: 1 }, key);
      if (res?.status === 201) acknowledged.set(key, res.body.id!);
      else unanswered.push(key);
    }
  });
  const holders = users.slice(BOOKERS).map(async (user, i) => {
    const token = tokenOf(user);
    // 3 s, or up to 6 s until 20 holds exist (a busy machine): they expire 10–16 s in.
    while (running && (Date.now() - start < HOLD_PHASE_MS || (holds.length < 20 && Date.now() - start < 6_000))) {
      // No idempotency key for holds: a retry after a lost answer may place a second hold,
      // which must expire like the first (checked below for every hold of the event).
      const res = await call(i, "/api/v1/holds", token, { event_id: held, quantity: 1 });
      if (res?.status === 201) holds.push(res.body.id!);
      else holdsUnanswered++;
    }
  });

  // kill -9 one API process mid-load.
  await sleep(KILL_API_AT - (Date.now() - start));
  await apis[1].kill9();
  trace("api-1 killed");

  // kill -9 a worker while it holds jobs. An expiry job takes milliseconds, so a worker seen
  // holding one has often finished it by the time SIGKILL lands (a slow host made that race
  // fail). So the test holds the row lock of the next hold to expire: its expire_hold job
  // waits on it (after taking the event row: lock_hold's order), and so do the event's other
  // expiry jobs, until the worker running it is killed and the test lets go.
  await sleep(KILL_WORKER_AT - (Date.now() - start));
  const blocker = await db.pool.connect();
  await blocker.query("begin");
  const { rows: [next] } = await blocker.query<{ id: string }>(
    "select id from evently.holds where event_id = $1 and status = 'active' order by expires_at limit 1 for update", [held]);
  t.ok(next, "a hold is still active in the middle of the expiry wave");
  const holding = await waitFor("the worker running the blocked expiry job", async () => {
    const { rows } = await db.pool.query<{ app: string }>(
      `select a.application_name as app
         from graphile_worker._private_jobs j
         join pg_locks l on l.locktype = 'advisory' and l.classid = 1163284052 and l.objid = hashtext(j.locked_by)::oid and l.objsubid = 2
         join pg_stat_activity a on a.pid = l.pid
        where j.key = 'expire_hold:' || $1::text and j.locked_by is not null`, [next.id]);
    return rows[0];
  }, 20_000, 20);
  const victim = workers.find((w) => w.name === holding.app)!;
  const survivor = workers.find((w) => w !== victim)!;
  await victim.kill9();
  const killedAt = Date.now();
  // The jobs it held, as the database still sees them (nothing frees them for 5 s: the grace).
  const { rows: orphans } = await db.pool.query<{ id: string; task: string; locked_by: string }>(
    `select j.id::text, t.identifier as task, j.locked_by from graphile_worker._private_jobs j
       join graphile_worker._private_tasks t on t.id = j.task_id
      where j.locked_by is not null
        and not exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.classid = 1163284052
                          and l.objid = hashtext(j.locked_by)::oid and l.objsubid = 2)`,
  );
  trace(`${victim.name} killed running the expiry of ${next.id}; orphaned: ${JSON.stringify(orphans)}`);
  t.ok(orphans.some((o) => o.task === "expire_hold"), `the killed worker left ${orphans.length} job(s) locked (${[...new Set(orphans.map((o) => o.task))].join(", ")})`);
  await blocker.query("rollback");
  blocker.release();

  await Promise.all([...bookers, ...holders]);
  running = false;
  trace(`load done: ${acknowledged.size} bookings, ${holds.length} holds; answers ${JSON.stringify(Object.fromEntries(answers))}`);

  // Nothing stays locked by the dead worker: the survivor frees it after the 5 s grace.
  await waitFor("the dead worker's jobs freed", async () => {
    const { rows } = await db.pool.query<{ n: number }>(
      "select count(*)::int as n from graphile_worker._private_jobs where locked_by = any($1::text[])", [[...new Set(orphans.map((o) => o.locked_by))]]);
    return rows[0].n === 0 ? true : undefined;
  }, 20_000, 100);
  const freedAfterMs = Date.now() - killedAt;
  // Its log line follows the statement that freed them: read it once the child has written it.
  const freedLog = await waitFor("the survivor's log of it", async () =>
    logRecords(survivor).find((r) => r.msg === "freed the jobs of job workers that died (killed or lost their connection)"), 5_000, 50)
    .catch(() => undefined);
  t.ok(freedLog, `the surviving worker freed them (${freedAfterMs} ms after the kill; grace 5 s, every 5 s)`);

  // Every hold expires (the last ones 10 s after the hold phase) and no expiry job is left.
  await waitFor("every hold expired and no expiry job left", async () => {
    const { rows } = await db.pool.query<{ active: number; jobs: number }>(
      `select (select count(*)::int from evently.holds where event_id = $1 and status = 'active') as active,
              (select count(*)::int from graphile_worker.jobs where task_identifier = 'expire_hold') as jobs`, [held]);
    return rows[0].active === 0 && rows[0].jobs === 0 ? true : undefined;
  }, 30_000, 200).catch(async (error: Error) => {
    const { rows: h } = await db.pool.query("select id, status, expires_at, now() from evently.holds where event_id = $1 and status = 'active'", [held]);
    const { rows: j } = await db.pool.query("select id, task_identifier, run_at, attempts, max_attempts, locked_by, locked_at, last_error, key from graphile_worker.jobs where task_identifier = 'expire_hold'");
    throw new Error(`${error.message}: active ${JSON.stringify(h)}; jobs ${JSON.stringify(j)}\n${survivor.output()}`);
  });
  trace("holds expired");
  // Every confirmation sent (the relay job the dead worker may have held runs again).
  await waitFor("every notification sent", async () => {
    const { rows } = await db.pool.query<{ n: number }>("select count(*)::int as n from evently.notifications where event_id = $1 and status <> 'sent'", [booked]);
    return rows[0].n === 0 ? true : undefined;
  }, 30_000, 200);
  trace("notifications sent");

  // Bookings: every acknowledged one exists; no key made two; no booking without its key.
  const ids = [...acknowledged.values()];
  t.ok(ids.length > 100, `${ids.length} bookings acknowledged`);
  const { rows: [b] } = await db.pool.query<{ found: number; total: number; keyed: number }>(
    `select (select count(*)::int from evently.bookings where id = any($1::uuid[])) as found,
            (select count(*)::int from evently.bookings where event_id = $2) as total,
            (select count(distinct k.booking_id)::int from evently_private.idempotency_keys k join evently.bookings bk on bk.id = k.booking_id where bk.event_id = $2) as keyed`,
    [ids, booked]);
  t.equal(b.found, ids.length, "every acknowledged booking exists");
  t.equal(new Set(ids).size, ids.length, "no two keys were answered with the same booking");
  t.equal(b.keyed, b.total, "every booking of the event belongs to exactly one idempotency key (a retried key made no second booking)");
  t.ok(b.total >= ids.length && b.total <= ids.length + unanswered.length, `${b.total} bookings: the ${ids.length} acknowledged plus at most the ${unanswered.length} keys never answered`);
  t.equal(unanswered.length, 0, "every booking request was answered in the end (retried on another process)");

  // Holds: all of the event's holds (acknowledged or not) expired.
  const { rows: hs } = await db.pool.query<{ status: string; n: number }>("select status, count(*)::int as n from evently.holds where event_id = $1 group by 1", [held]);
  const { rows: [ackHolds] } = await db.pool.query<{ expired: number }>("select count(*)::int as expired from evently.holds where id = any($1::uuid[]) and status = 'expired'", [holds]);
  t.ok(holds.length >= 10, `${holds.length} holds acknowledged`);
  t.equal(ackHolds.expired, holds.length, "every acknowledged hold expired");
  t.same(hs.map((r) => r.status), ["expired"], `every hold of the event expired (${JSON.stringify(hs)}; ${holdsUnanswered} hold requests unanswered)`);

  // Expiry jobs: how often each ran, from the workers' own logs (graphile-worker's "Completed task").
  const runs = new Map<string, number>(); // hold id → completed expire_hold runs
  const jobsOfHold = new Map<string, Set<string>>();
  for (const w of workers) {
    for (const r of logRecords(w)) {
      const m = /^Completed task (\d+) \((\w+)/.exec(String(r.msg ?? ""));
      if (!m || m[2] !== "expire_hold") continue;
      const hold = (r.job as { payload?: { hold_id?: string } } | undefined)?.payload?.hold_id;
      if (!hold) continue;
      runs.set(hold, (runs.get(hold) ?? 0) + 1);
      jobsOfHold.set(hold, (jobsOfHold.get(hold) ?? new Set()).add(m[1]));
    }
  }
  const orphanIds = new Set(orphans.map((o) => o.id));
  const twice = [...runs].filter(([, n]) => n > 1);
  const twiceNotOrphaned = twice.filter(([hold]) => ![...jobsOfHold.get(hold)!].some((id) => orphanIds.has(id)));
  const { rows: allHolds } = await db.pool.query<{ id: string }>("select id from evently.holds where event_id = $1", [held]);
  const neverRan = allHolds.filter((h) => !runs.has(h.id)).length;
  t.same(twiceNotOrphaned, [], `no expiry job ran twice except those the killed worker held (${twice.length} ran twice, all of them orphaned)`);
  t.ok(neverRan < allHolds.length, `${allHolds.length - neverRan} of ${allHolds.length} holds were expired by their job (${neverRan} by the minutely sweep first, which removes the job)`);

  // Jobs: none locked by a dead pool; none failed for good, except a crontab job (max=1) the
  // dead worker was running: its one attempt was used up (the next tick runs the task again).
  const { rows: [jobs] } = await db.pool.query<{ dead_locked: number }>(
    `select count(*) filter (where locked_by is not null and not exists (select 1 from pg_locks l where l.locktype = 'advisory'
               and l.classid = 1163284052 and l.objid = hashtext(locked_by)::oid and l.objsubid = 2))::int as dead_locked
       from graphile_worker._private_jobs`);
  t.equal(jobs.dead_locked, 0, "no job is locked by a dead worker");
  const { rows: failed } = await db.pool.query<{ id: string; task_identifier: string; max_attempts: number; last_error: string }>(
    // A job being run right now (locked) has spent its attempt but has not failed.
    "select id::text, task_identifier, max_attempts, last_error from graphile_worker.jobs where attempts >= max_attempts and locked_at is null");
  t.same(failed.filter((j) => !(orphanIds.has(j.id) && j.max_attempts === 1 && /died while running it/.test(j.last_error))), [],
    `no job failed for good but a dead worker's crontab job (${JSON.stringify(failed)})`);

  // Notifications: one per booking, recorded as sent once (a killed relay's transaction left no trace).
  const { rows: [n] } = await db.pool.query<{ rows: number; bookings: number; once: number }>(
    `select count(*)::int as rows, count(distinct payload->>'booking_id')::int as bookings,
            count(*) filter (where status = 'sent' and attempts = 1)::int as once
       from evently.notifications where event_id = $1 and kind = 'booking_confirmed'`, [booked]);
  t.equal(n.rows, b.total, "one confirmation per booking");
  t.equal(n.bookings, b.total, "no booking has two");
  t.equal(n.once, n.rows, "each was sent, on the first attempt, and recorded once");

  t.same(await counterMismatches(db), [], "the invariant oracle finds nothing");
  t.equal(apis.filter((a) => a.child.exitCode === null && a.child.signalCode === null).length, 2, "the two other API processes kept serving");
  t.equal(survivor.child.exitCode, null, "the surviving worker kept running");
  trace(`answers ${JSON.stringify(Object.fromEntries(answers))}; retried on another port ${retriedElsewhere}; freed after ${freedAfterMs} ms; ran twice ${twice.length}; never ran ${neverRan}`);

  // A clean stop of what is left: SIGTERM drains and exits 0.
  const codes = await Promise.all([...apis.filter((a) => a !== apis[1]), survivor].map((p) => p.terminate()));
  t.same(codes, [0, 0, 0], "SIGTERM stops the remaining API processes and the worker with exit code 0");
});
