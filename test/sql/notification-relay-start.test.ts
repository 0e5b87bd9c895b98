// Who starts the outbox relay (no worker here): the first notification a connection writes
// queues the relay_notifications job when none exists; the connection then remembers that
// (the session setting evently.relay_seen) and stops asking on every booking; a rolled-back
// transaction forgets it with the job it queued. A relay lost later is the crontab's to
// restart (test/jobs/dead-workers.test.ts).
import t from "tap";
import type pg from "pg";
import { asUser, createEvent, createTestDb, createUser } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

async function relayJobs(): Promise<number> {
  return (await db.pool.query("select count(*)::int as n from graphile_worker.jobs where key = 'relay_notifications'")).rows[0].n;
}

async function removeRelay(): Promise<void> {
  await db.pool.query("select graphile_worker.remove_job('relay_notifications')");
}

/** A one-connection pool: every call through it runs in the same session (ended with the database). */
function session(): pg.Pool {
  return db.newPool(1);
}

class RolledBack extends Error {}

/** Books as user through pool (asUser's transaction), committed or rolled back; the session's evently.relay_seen after it. */
async function book(pool: pg.Pool, user: string, event: string, outcome: "commit" | "rollback" = "commit"): Promise<string | null> {
  await asUser(pool, user, async (c) => {
    await c.query("select evently.book_tickets($1, 1)", [event]);
    if (outcome === "rollback") throw new RolledBack();
  }).catch((error) => {
    if (!(error instanceof RolledBack)) throw error;
  });
  return (await pool.query("select current_setting('evently.relay_seen', true) as seen")).rows[0].seen;
}

t.test("the first notification of a connection starts the relay; later ones do not ask", async (t) => {
  const event = await createEvent(db, admin, { capacity: 100 });
  const [a, b, c] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
  await removeRelay();
  t.equal(await relayJobs(), 0, "no relay job to begin with");

  const first = session();
  t.equal(await book(first, a, event), "on", "the connection remembers it saw the relay");
  t.equal(await relayJobs(), 1, "the first booking queued the relay");

  await removeRelay();
  await book(first, b, event);
  t.equal(await relayJobs(), 0, "the same connection does not ask again (the crontab restarts a lost relay)");

  t.equal(await book(session(), c, event), "on");
  t.equal(await relayJobs(), 1, "a new connection asks, and queues it");
});

t.test("a rolled-back booking forgets the relay it queued, and the next one queues it again", async (t) => {
  const event = await createEvent(db, admin, { capacity: 100 });
  const [a, b] = await Promise.all([createUser(db), createUser(db)]);
  await removeRelay();
  const pool = session();
  t.not(await book(pool, a, event, "rollback"), "on", "the setting is undone with the transaction");
  t.equal(await relayJobs(), 0, "and so is the job");
  t.equal(await book(pool, b, event), "on");
  t.equal(await relayJobs(), 1, "the next booking on that connection queues it");
});

t.test("a transaction starting the relay while another is doing so does not wait for it", async (t) => {
  await removeRelay();
  const first = await db.pool.connect();
  const second = await db.pool.connect();
  try {
    await first.query("begin");
    await first.query("select evently_private.start_notification_relay()");
    // The first holds the relay's job row until it commits. Waiting for it here could close a
    // deadlock (a hold calls this before it locks its event row, a booking may call it after).
    await second.query("begin");
    await second.query("set local lock_timeout = '2s'");
    const started = Date.now();
    await second.query("select evently_private.start_notification_relay()");
    t.ok(Date.now() - started < 1000, `the second returned at once (${Date.now() - started} ms)`);
    t.not((await second.query("select current_setting('evently.relay_seen', true) as seen")).rows[0].seen, "on",
      "and will ask again on its next call");
    await second.query("commit");
    await first.query("commit");
    t.equal(await relayJobs(), 1, "one relay job, queued by the first");
  } finally {
    await first.query("rollback").catch(() => {});
    await second.query("rollback").catch(() => {});
    first.release();
    second.release();
  }
});
