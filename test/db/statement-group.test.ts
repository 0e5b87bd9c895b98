// One round trip per request: settings and the call travel as one group of statements
// ending in one Sync, so they form one implicit transaction. These tests check what that
// relies on: settings are visible to the call, nothing survives the group, an error rolls
// the whole group back and leaves the connection usable, and prepared statements are
// parsed once per connection.
import t from "tap";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { queryGroup } from "../../src/db/statement-group.ts";
import { callAs } from "../../src/rest/transaction.ts";
import { oneTripWithPgClient } from "../../src/graphql/pg-adaptor.ts";

const db = await createTestDb(t);
const adminId = await createUser(db, { admin: true });
const pool = db.newPool(1, db.authUrl);

t.test("the settings reach the call, and end with the group", async (t) => {
  const userId = await createUser(db);
  const rows = await callAs(pool, { role: "evently_user", user_id: userId, exp: 0 }, {
    text: "select current_user as role, current_setting('jwt.claims.user_id') as user_id, current_setting('statement_timeout') as timeout, txid_current() as tx",
  }, "3s");
  t.same([rows[0].role, rows[0].user_id, rows[0].timeout], ["evently_user", userId, "3s"]);
  const client = await pool.connect();
  try {
    const after = await client.query("select current_user as role, current_setting('jwt.claims.user_id', true) as user_id, txid_current() as tx");
    t.equal(after.rows[0].role, "evently_authenticator", "role is back to the login after the group");
    t.equal(after.rows[0].user_id ?? "", "", "claims are gone");
    t.not(after.rows[0].tx, rows[0].tx, "the group was its own transaction");
  } finally {
    client.release();
  }
});

t.test("one implicit transaction: an error rolls back earlier statements of the group", async (t) => {
  const client = await db.pool.connect();
  try {
    await client.query("create temporary table group_probe (n int)");
    await t.rejects(
      queryGroup(client, [
        { text: "insert into group_probe values ($1)", values: [1] },
        { text: "select 1 / $1::int", values: [0] },
        { text: "insert into group_probe values ($1)", values: [2] },
      ]),
      { code: "22012" },
    );
    const { rows } = await client.query("select count(*)::int as n from group_probe");
    t.equal(rows[0].n, 0, "the first insert was rolled back with the failing statement, the third never ran");
    const ok = await queryGroup(client, [
      { text: "insert into group_probe values ($1)", values: [3] },
      { text: "select n from group_probe" },
    ]);
    t.same(ok[1].rows, [{ n: 3 }], "the connection is usable and later statements see earlier ones");
  } finally {
    client.release();
  }
});

t.test("a booking as one group: the business error comes back with its code", async (t) => {
  const userId = await createUser(db);
  const event = await createEvent(db, adminId, { capacity: 1, maxPerUser: 5 });
  const claims = { role: "evently_user" as const, user_id: userId, exp: 0 };
  const [booking] = await callAs(pool, claims, { text: "select * from evently.book_tickets(event_id => $1, quantity => 1)", values: [event] });
  t.equal(booking.quantity, 1);
  await t.rejects(callAs(pool, claims, { text: "select * from evently.book_tickets(event_id => $1, quantity => 1)", values: [event] }), { code: "EVSLD" });
  const { rows } = await db.pool.query("select booked from evently.events where id = $1", [event]);
  t.equal(rows[0].booked, 1);
});

t.test("named statements are parsed once per connection", async (t) => {
  const client = await db.pool.connect();
  try {
    const name = "group_probe_named";
    const text = "select $1::int + 1 as n";
    const first = await queryGroup(client, [{ name, text, values: [1] }]);
    const second = await queryGroup(client, [{ name, text, values: [41] }]);
    t.same([first[0].rows[0].n, second[0].rows[0].n], [2, 42]);
    const { rows } = await client.query("select count(*)::int as n from pg_prepared_statements where name = $1", [name]);
    t.equal(rows[0].n, 1, "prepared on the server once");
    await t.rejects(queryGroup(client, [{ name, text: "select 2" }]), /another text/);
  } finally {
    client.release();
  }
});

t.test("a route's text is prepared once per connection; a migration that makes it stale costs one request", async (t) => {
  await db.pool.query("create table public.prepared_probe (v int); insert into public.prepared_probe values (7); grant select on public.prepared_probe to public");
  const text = "select v from public.prepared_probe";
  t.same(await callAs(pool, undefined, { text }), [{ v: 7 }]);
  t.same(await callAs(pool, undefined, { text }), [{ v: 7 }]);
  const [{ n }] = await callAs(pool, undefined, { text: "select count(*)::int as n from pg_prepared_statements where statement = $1", values: [text] });
  t.equal(n, 1, "the pool's one connection holds it prepared");
  // The column's type changes under the prepared statement: that connection refuses it from
  // now on, so it must not serve the next request.
  await db.pool.query("alter table public.prepared_probe alter column v type text");
  await t.rejects(callAs(pool, undefined, { text }), { code: "0A000" });
  t.same(await callAs(pool, undefined, { text }), [{ v: "7" }], "the next request runs on a fresh connection");
  await db.pool.query("drop table public.prepared_probe");
});

t.test("GraphQL's connections too: a prepared select a migration made stale costs one request", async (t) => {
  await db.pool.query("create table public.prepared_probe_gql (v int); insert into public.prepared_probe_gql values (7); grant select on public.prepared_probe_gql to public");
  const withPgClient = oneTripWithPgClient(pool);
  // As @dataplan/pg sends its selects: named, with the request's settings.
  const select = () => withPgClient({ role: "evently_anonymous" }, (client) =>
    client.query<{ v: unknown }>({ text: "select v from public.prepared_probe_gql", name: "probe_gql", values: [] }));
  t.same((await select()).rows, [{ v: 7 }]);
  await db.pool.query("alter table public.prepared_probe_gql alter column v type text");
  await t.rejects(select(), { code: "0A000" });
  t.same((await select()).rows, [{ v: "7" }], "the next request runs on a fresh connection");
  await db.pool.query("drop table public.prepared_probe_gql");
});
