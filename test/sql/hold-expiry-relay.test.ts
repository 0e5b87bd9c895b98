// A hold records its expiry in evently_private.hold_expiries instead of queueing its job: a
// job's NOTIFY would make the hold's commit wait for every other notifying commit
// (migration 000017). The relay (evently_private.relay_hold_expiries, run by the worker's
// relay_notifications loop) turns the records into the same per-hold expire_hold jobs.
import t from "tap";
import { createEvent, createTestDb, createUser, listen, relayHoldExpiries, sqlAs } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

async function jobOf(holdId: string): Promise<{ run_at: Date; max_attempts: number; payload: { hold_id: string } } | undefined> {
  const { rows } = await db.pool.query("select run_at, max_attempts, payload from graphile_worker._private_jobs where key = $1", [`expire_hold:${holdId}`]);
  return rows[0];
}
/** Time for a notification sent by a commit to reach the listening connection. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
async function pending(holdId: string): Promise<number> {
  return (await db.pool.query("select count(*)::int as n from evently_private.hold_expiries where hold_id = $1", [holdId])).rows[0].n;
}

t.test("a hold's commit sends no NOTIFY; one relay call queues many holds' jobs with one", async (t) => {
  const event = await createEvent(db, admin, { capacity: 100 });
  const users = [await createUser(db), await createUser(db), await createUser(db)];
  const holds: Array<{ id: string; expires_at: Date }> = [];
  // The relay's own job exists, as on any database that has relayed before (a connection's
  // first hold queues it otherwise, with that job's NOTIFY).
  await db.pool.query("select evently_private.start_notification_relay()");
  const heard = await listen(t, db, "jobs:insert");
  for (const user of users) {
    const [h] = await sqlAs(db.pool, user, "select id, expires_at from evently.hold_tickets($1, 1)", [event]);
    holds.push({ id: h.id, expires_at: h.expires_at });
  }
  await settle();
  t.equal(heard.length, 0, "no jobs:insert from three holds");
  for (const h of holds) {
    t.equal(await pending(h.id), 1, "each hold left its record");
    t.equal(await jobOf(h.id), undefined, "and no job yet");
  }
  t.equal(await relayHoldExpiries(db), 3, "the relay took the three records");
  await settle();
  t.equal(heard.length, 1, "with one jobs:insert");
  for (const h of holds) {
    const job = await jobOf(h.id);
    t.ok(job, "each hold has its expire_hold job");
    t.equal(job?.payload.hold_id, h.id, "carrying the hold's id");
    t.equal(new Date(job!.run_at).getTime(), new Date(h.expires_at).getTime(), "due at the hold's expiry");
    t.equal(job?.max_attempts, 25);
    t.equal(await pending(h.id), 0, "and its record is gone");
  }
  t.equal(await relayHoldExpiries(db), 0, "a second call finds nothing");
});

t.test("a rolled-back hold leaves no record; a hold closed before the relay ran gets no job", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  const user = await createUser(db);
  const client = await db.pool.connect();
  let rolledBack: string;
  try {
    await client.query("begin");
    await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [user]);
    rolledBack = (await client.query("select id from evently.hold_tickets($1, 1)", [event])).rows[0].id;
    await client.query("rollback");
  } finally {
    client.release();
  }
  t.equal(await pending(rolledBack), 0, "rolled back: no record");

  const [released] = await sqlAs(db.pool, user, "select * from evently.hold_tickets($1, 1)", [event]);
  await sqlAs(db.pool, user, "select evently.release_hold($1)", [released.id]);
  const [kept] = await sqlAs(db.pool, user, "select * from evently.hold_tickets($1, 1)", [event]);
  t.equal(await relayHoldExpiries(db), 2, "the relay takes both records");
  t.equal(await jobOf(released.id), undefined, "the released hold gets no job");
  t.ok(await jobOf(kept.id), "the active one does");
  t.equal(await pending(released.id), 0, "and the released hold's record is gone too");
});

t.test("two relays at once never take the same record", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  const user = await createUser(db);
  const [a] = await sqlAs(db.pool, user, "select * from evently.hold_tickets($1, 1)", [event]);
  const [b] = await sqlAs(db.pool, user, "select * from evently.hold_tickets($1, 1)", [event]);
  const first = await db.pool.connect();
  try {
    await first.query("begin");
    // One record in a relay whose transaction is still open: the other relay skips it.
    t.equal((await first.query("select evently_private.relay_hold_expiries(1) as n")).rows[0].n, 1);
    t.equal(await relayHoldExpiries(db), 1, "the second relay takes only the other record");
    await first.query("commit");
  } finally {
    first.release();
  }
  t.ok(await jobOf(a.id), "both holds have their job");
  t.ok(await jobOf(b.id));
  const { rows: [{ n }] } = await db.pool.query("select count(*)::int as n from graphile_worker.jobs where key = any($1)",
    [[`expire_hold:${a.id}`, `expire_hold:${b.id}`]]);
  t.equal(n, 2, "one each");
});
