// SIGTERM drains, precisely: a test transaction holds the event's row lock, so a booking
// request (API process) and an expiry job (worker process) are both stuck mid-flight when
// their processes get SIGTERM. While they wait, the API refuses new connections; once the lock
// goes, the request is answered 201, the job completes, and both processes exit 0. A third
// process shows the bound: its stuck request is cut after SHUTDOWN_TIMEOUT_MS, its
// transaction never commits, and it exits 1.
import t from "tap";
import { randomBytes, randomUUID } from "node:crypto";
import { createTestDb, createEvent, createUser, sqlAs, counterMismatches } from "../helpers.ts";
import { signToken } from "../../src/auth/tokens.ts";
import { waitFor } from "../support.ts";
import { fleet, sleep } from "../fleet.ts";

t.test("SIGTERM: in-flight requests and running jobs finish, new connections are refused; the timeout bounds it", async (t) => {
  const db = await createTestDb(t);
  const jwtSecret = randomBytes(32).toString("base64url");
  const admin = await createUser(db, { admin: true });
  const user = await createUser(db);
  const event = await createEvent(db, admin, { capacity: 100, holdTtl: "10 seconds" });
  const token = signToken({ role: "evently_user", user_id: user, exp: Math.floor(Date.now() / 1000) + 3600 }, jwtSecret);

  // STATEMENT_TIMEOUT: the lock wait below must not end the request by itself.
  const f = fleet(t, { db, jwtSecret, env: { RATE_LIMIT_PER_MINUTE: "100000000", WORKER_POLL_MS: "200", STATEMENT_TIMEOUT: "30s" } });
  const api = await f.api("api", { SHUTDOWN_TIMEOUT_MS: "20000" });
  const bounded = await f.api("api-bounded", { SHUTDOWN_TIMEOUT_MS: "2000" });
  const worker = f.worker("worker", { SHUTDOWN_TIMEOUT_MS: "20000" });
  await Promise.all([f.healthy(api, 90_000), f.healthy(bounded, 90_000)]);
  await waitFor("the worker's heartbeat", async () =>
    ((await db.pool.query("select 1 from evently_ops.worker_heartbeats")).rowCount ? true : undefined), 60_000, 100);

  // A hold whose expiry is due now: its job will run as soon as the worker polls.
  const [hold] = await sqlAs<{ id: string }>(db.pool, user, "select id from evently.hold_tickets($1, 1)", [event]);

  // The event row, locked: the booking and the expiry job will both wait for it.
  const locker = await db.pool.connect();
  t.teardown(() => locker.release(true));
  await locker.query("begin");
  await locker.query("select 1 from evently.events where id = $1 for update", [event]);
  await db.pool.query("update evently.holds set expires_at = now() - interval '1 second' where id = $1", [hold.id]);
  await db.pool.query("update graphile_worker._private_jobs set run_at = now() where key = $1", [`expire_hold:${hold.id}`]);

  const cutKey = randomUUID();
  const book = (url: string, key = randomUUID()) =>
    fetch(`${url}/api/v1/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": key },
      body: JSON.stringify({ event_id: event, quantity: 1 }),
    }).then(
      async (res) => ({ status: res.status, body: (await res.json()) as { id?: string; error?: string } }),
      (error: Error) => ({ status: 0, body: { id: undefined, error: String((error.cause as Error)?.message ?? error.message) } }),
    );
  const inFlight = book(api.url!);
  const cutOff = book(bounded.url!, cutKey);
  await waitFor("both bookings and the job waiting for the lock", async () => {
    const { rows } = await db.pool.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
    return rows[0].n >= 3 ? true : undefined;
  }, 30_000, 100);
  const { rows: [job] } = await db.pool.query("select locked_by from graphile_worker._private_jobs where key = $1", [`expire_hold:${hold.id}`]);
  t.ok(job?.locked_by, "the expiry job is running (locked by the worker)");

  const signalled = Date.now();
  const apiExit = api.terminate();
  const boundedExit = bounded.terminate();
  const workerExit = worker.terminate();
  await sleep(500);
  t.equal(api.child.exitCode, null, "the API process is still draining");
  t.equal(worker.child.exitCode, null, "the worker is still draining");
  const refused = await fetch(`${api.url}/health`).then(() => "answered", (error: Error) => String((error.cause as { code?: string })?.code));
  t.equal(refused, "ECONNREFUSED", "a new connection is refused while draining");

  // The bounded one gives up at 2 s: its request is cut and it exits 1.
  t.equal(await boundedExit, 1, "the process with SHUTDOWN_TIMEOUT_MS=2000 exits 1 after cutting");
  const boundedMs = Date.now() - signalled;
  // The lock is still held (committed only below): the process did not wait for its stuck query.
  t.ok(boundedMs >= 1900 && boundedMs < 12_000, `… ${boundedMs} ms after SIGTERM, its query still stuck on the lock (the pools did not wait for it)`);
  const cut = await cutOff;
  t.equal(cut.status, 0, `its in-flight request got no answer (${JSON.stringify(cut.body)})`);

  await sleep(300);
  await locker.query("commit");
  const answered = await inFlight;
  t.equal(answered.status, 201, "the in-flight booking is answered 201 once the lock goes");
  t.equal(await apiExit, 0, "the API process exits 0 after its last request");
  t.equal(await workerExit, 0, "the worker exits 0 after its running job");

  const { rows: [h] } = await db.pool.query("select status from evently.holds where id = $1", [hold.id]);
  t.equal(h.status, "expired", "the job finished: the hold expired");
  const { rows: [j] } = await db.pool.query<{ n: number }>("select count(*)::int as n from graphile_worker._private_jobs where key = $1 or payload->>'hold_id' = $2", [`expire_hold:${hold.id}`, hold.id]);
  t.equal(j.n, 0, "and was completed (not failed back to the queue)");
  // The cut request's statement was already in PostgreSQL: once the lock frees it may still
  // commit, with nobody to answer (any lost answer is like that). Its idempotency key holds
  // it, so the client's retry gets that booking, not a second one.
  await waitFor("the cut request's backend gone", async () => {
    const { rows } = await db.pool.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where application_name = 'api-bounded'");
    return rows[0].n === 0 ? true : undefined;
  }, 10_000, 100);
  const { rows: bookings } = await db.pool.query<{ id: string; key: string | null }>(
    `select b.id, k.idempotency_key as key from evently.bookings b
       left join evently_private.idempotency_keys k on k.booking_id = b.id where b.event_id = $1`, [event]);
  t.ok(bookings.some((b) => b.id === answered.body.id), "the answered booking exists");
  const others = bookings.filter((b) => b.id !== answered.body.id);
  t.ok(others.length <= 1 && others.every((b) => b.key === cutKey),
    `the cut request left ${others.length === 0 ? "nothing" : "its booking, bound to its idempotency key (a retry returns it)"}`);
  t.same(await counterMismatches(db, [event]), [], "invariants hold");
});
