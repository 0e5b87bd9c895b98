// Live updates: a booking records its event in changed_events (in its own transaction, so
// never for a rollback) and does not NOTIFY at its commit; the relay sends one NOTIFY per
// changed event from its own commit; the relay loop of the API and worker processes
// (src/db/live-updates.ts) delivers it.
import t from "tap";
import { createEvent, createTestDb, createUser, listen, sqlAs, sqlState } from "../helpers.ts";
import { startLiveUpdateRelay } from "../../src/db/live-updates.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });
const authPool = db.newPool(2, db.authUrl);

const listener = (channel: string) => listen(t, db, channel);
const pending = async (event: string) =>
  (await db.pool.query("select count(*)::int as n from evently_private.changed_events where event_id = $1", [event])).rows[0].n;
const until = async (ok: () => boolean, ms = 3000) => {
  for (const end = Date.now() + ms; !ok() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  return ok();
};
const relay = async () => (await authPool.query("select evently_private.relay_event_changes() as n")).rows[0].n as number;

t.test("a booking records its event; the relay notifies once per event, from its own commit", async (t) => {
  await relay(); // events created by the fixtures
  const event = await createEvent(db, admin, { capacity: 10 });
  await relay();
  const heard = await listener(`evently_event:${event}`);
  await sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event]);
  await sqlAs(db.pool, await createUser(db), "select evently.hold_tickets($1, 2)", [event]);
  t.equal(await pending(event), 1, "two changes, one row");
  await new Promise((r) => setTimeout(r, 200));
  t.same(heard, [], "the bookings' commits sent no NOTIFY");
  t.ok((await relay()) >= 1, "the relay sent it");
  t.ok(await until(() => heard.length === 1), "one notification for the event");
  t.equal(await pending(event), 0, "and the row is gone");
  t.equal(await relay(), 0, "nothing left to send");
});

t.test("nothing for a rolled-back change, nothing while live updates are off", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  await relay();
  const user = await createUser(db);
  const client = await db.pool.connect();
  try {
    await client.query("begin");
    await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [user]);
    await client.query("select evently.book_tickets($1, 1)", [event]);
    await client.query("rollback");
    await client.query("begin");
    await client.query("select set_config('evently.live_updates', 'off', true), set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [user]);
    await client.query("select evently.book_tickets($1, 1)", [event]);
    await client.query("commit");
  } finally {
    client.release();
  }
  t.equal(await pending(event), 0);
  const { rows: [e] } = await db.pool.query("select booked from evently.events where id = $1", [event]);
  t.equal(e.booked, 1, "the second booking did commit");
});

t.test("only the server's login role may relay", async (t) => {
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently_private.relay_event_changes()")), "42501");
  t.equal(await sqlState(sqlAs(db.pool, null, "select evently_private.relay_event_changes()")), "42501");
});

t.test("the relay loop delivers a booking's change within its interval", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  const heard = await listener(`evently_event:${event}`);
  const loop = startLiveUpdateRelay(authPool, 25);
  t.teardown(() => loop.stop());
  await sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event]);
  t.ok(await until(() => heard.length > 0), "the booking's change was heard");
  // The NOTIFY can arrive before the relay's own query answers: wait for the count too.
  t.ok(await until(() => loop.sent >= 1), `the loop counted what it sent (${loop.sent})`);
});

t.test("a change still in flight during a relay round is notified once it commits", async (t) => {
  const event = await createEvent(db, admin, { capacity: 10 });
  await relay();
  const heard = await listener(`evently_event:${event}`);
  await sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event]); // committed: row recorded
  const inFlight = await db.pool.connect();
  t.teardown(() => inFlight.release());
  await inFlight.query("begin");
  await inFlight.query("update evently.events set updated_at = now() where id = $1", [event]);
  t.ok((await relay()) >= 1, "the round notifies the committed change");
  t.ok(await until(() => heard.length === 1));
  t.equal(await pending(event), 1, "the row the open transaction holds stays for the next round");
  await inFlight.query("commit");
  await relay();
  t.ok(await until(() => heard.length === 2), "the change committed after the round is notified too");
  t.equal(await pending(event), 0);
});
