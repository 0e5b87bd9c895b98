// A hold reads the rows it needs, not whole tables, in a session whose plans were made when
// the tables were nearly empty (a new database, or a quiet one: holds end and finished jobs
// are deleted) and then a rush filled them. PL/pgSQL keeps a session's plans until an
// analyze; ones made for empty tables scanned them, so every hold read every active hold
// and every queued job. Rows read are counted by PostgreSQL (pg_stat_xact_user_tables).
import t from "tap";
import { asUser, createEvent, createTestDb, createUser, createUsers, relayHoldExpiries, sqlAs, tableReads } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

/**
 * Rows read per table ("schema.table") by one more call of `text` in a session whose plans
 * were made before a rush: six calls in that session (past PL/pgSQL's five custom plans, to
 * the plan it keeps), then the rush from other sessions, one call per remaining user, then the
 * session's call, counted by PostgreSQL before it commits. `values` gets a label unique per call.
 */
async function rowsReadAfterRush(users: string[], text: string, values: (label: string) => unknown[], tables: string[]) {
  // One connection: every call through `session` is planned by the same session.
  const session = db.newPool(1);
  for (const [i, user] of users.slice(0, 6).entries()) await sqlAs(session, user, text, values(`plan-${i}`));
  for (let i = 6; i < users.length; i += 500) {
    await Promise.all(users.slice(i, i + 500).map((user, j) => sqlAs(db.pool, user, text, values(`rush-${i + j}`))));
  }
  const reads = await asUser(session, users[3], (client) =>
    tableReads(client, tables, () => client.query(text, values("after-the-rush"))));
  return reads.rowsRead;
}

t.test("a hold in a session planned on empty tables reads a handful of holds and jobs after a rush", async (t) => {
  const users = await createUsers(db, 3_000);
  const event = await createEvent(db, admin, { capacity: 1_000_000, maxPerUser: 100 });
  // Empty, as the statistics see them.
  await db.pool.query("analyze evently.holds; analyze evently_private.hold_expiries; analyze graphile_worker._private_jobs");
  // The rush: a hold and its expiry record for every user.
  const of = await rowsReadAfterRush(users, "select evently.hold_tickets($1, 1)", () => [event],
    ["evently.holds", "evently_private.hold_expiries", "graphile_worker._private_jobs"]);
  const { rows: [{ holds, pending }] } = await db.pool.query<{ holds: number; pending: number }>(
    `select (select count(*)::int from evently.holds where event_id = $1 and status = 'active') as holds,
            (select count(*)::int from evently_private.hold_expiries) as pending`, [event]);
  t.ok(holds >= users.length && pending >= users.length, `the rush left ${holds} active holds and ${pending} expiries to relay`);
  t.ok(of("evently.holds") <= 20, `holds: ${of("evently.holds")} rows read (the per-person limit: this user had one hold)`);
  t.ok(of("evently_private.hold_expiries") <= 20, `expiries: ${of("evently_private.hold_expiries")} rows read (recording the hold's expiry)`);
  t.ok(of("graphile_worker._private_jobs") <= 20, `jobs: ${of("graphile_worker._private_jobs")} rows read (a hold queues no job itself)`);
  t.equal(await relayHoldExpiries(db), pending, "the relay takes every record");
  const { rows: [{ jobs }] } = await db.pool.query<{ jobs: number }>(
    "select count(*)::int as jobs from graphile_worker.jobs where task_identifier = 'expire_hold'");
  t.ok(jobs >= users.length, `and queues an expiry job for each (${jobs})`);
});

t.test("a booking with an idempotency key in a session planned on an empty key table reads a handful of keys after a rush", async (t) => {
  // Keys live a day (purge_idempotency_keys): between rushes the table can be empty, as
  // its statistics see it, when the sessions that serve the next rush plan book_tickets.
  const users = await createUsers(db, 3_000);
  const event = await createEvent(db, admin, { capacity: 1_000_000, maxPerUser: 100 });
  await db.pool.query("delete from evently_private.idempotency_keys; analyze evently_private.idempotency_keys");
  const of = await rowsReadAfterRush(users, "select evently.book_tickets($1, 1, $2)", (key) => [event, key],
    ["evently_private.idempotency_keys"]);
  const { rows: [{ keys }] } = await db.pool.query<{ keys: number }>("select count(*)::int as keys from evently_private.idempotency_keys");
  t.ok(keys >= users.length, `the rush left ${keys} keys`);
  t.ok(of("evently_private.idempotency_keys") <= 20, `idempotency_keys: ${of("evently_private.idempotency_keys")} rows read (the key's own lookup)`);
});
