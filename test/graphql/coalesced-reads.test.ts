// coalescedReads (src/graphql/pg-adaptor.ts): reads of many callers that arrive together go
// out as one statement group on one connection, and each still runs as its own caller (role,
// claims, row-level security) and gets its own answer, or its own error.
import t from "tap";
import type pg from "pg";
import { createEvent, createTestDb, createUser, createUsers, sqlAs } from "../helpers.ts";
import { coalescedReads, oneTripWithPgClient } from "../../src/graphql/pg-adaptor.ts";

const db = await createTestDb(t);
const pool = db.newPool(4, db.authUrl);
const admin = await createUser(db, { admin: true });
const event = await createEvent(db, admin, { capacity: 100 });
const users = await createUsers(db, 12);
for (const user of users) await sqlAs(db.pool, user, "select evently.book_tickets($1, 1)", [event]);

let checkouts = 0;
pool.on("acquire", () => checkouts++);
const reads = coalescedReads(pool, oneTripWithPgClient(pool));
const settings = (user: string) => ({ role: "evently_user", "jwt.claims.user_id": user, statement_timeout: "5s" });

function read(user: string, text: string, values: unknown[] = []): Promise<readonly unknown[][]> {
  // As @dataplan/pg sends its selects: array mode, a prepared statement's name.
  return reads(settings(user), async (client) =>
    (await client.query<unknown[]>({ text, values, arrayMode: true, name: `coalesced_test_${text.length}` })).rows);
}

t.test("reads that arrive together: one connection, each as its own caller", async (t) => {
  const before = checkouts;
  const answers = await Promise.all(users.map((u) =>
    read(u, "select current_user::text, current_setting('jwt.claims.user_id'), (select array_agg(b.user_id::text) from evently.bookings b)")));
  t.equal(checkouts - before, 1, "one connection for all of them");
  answers.forEach((rows, i) => {
    t.same(rows, [["evently_user", users[i], [users[i]]]], "its own role and claims; row-level security shows only its own booking");
  });
});

t.test("one read's error is its own; the others still answer", async (t) => {
  const answers = await Promise.allSettled(users.map((u, i) =>
    i === 3 ? read(u, "select 1 / (select 0)") : read(u, "select current_setting('jwt.claims.user_id')")));
  answers.forEach((a, i) => {
    if (i === 3) t.equal(a.status === "rejected" && (a.reason as pg.DatabaseError).code, "22012", "division by zero, for that read");
    else t.same(a.status === "fulfilled" && a.value, [[users[i]]], "the others are answered");
  });
});

t.test("reads apart in time are each their own round trip", async (t) => {
  const before = checkouts;
  for (const u of users.slice(0, 3)) t.same(await read(u, "select current_setting('jwt.claims.user_id')"), [[u]]);
  t.equal(checkouts - before, 3, "a read alone is not held back");
});

t.test("a transaction is not coalesced", async (t) => {
  const rows = await reads(settings(users[0]), (client) =>
    client.withTransaction(async (tx) => (await tx.query<unknown[]>({ text: "select current_setting('jwt.claims.user_id')", arrayMode: true })).rows));
  t.same(rows, [[users[0]]], "it runs through the ordinary path, with the caller's settings");
});

t.test("a read that sets fewer settings is never grouped after one that set more", async (t) => {
  const claims = "select current_user::text, coalesce(current_setting('jwt.claims.user_id', true), '')";
  const before = checkouts;
  const [signedIn, anonymous] = await Promise.all([
    read(users[0], claims),
    reads({ role: "evently_anonymous" }, async (client) => (await client.query<unknown[]>({ text: claims, arrayMode: true })).rows),
  ]);
  t.same(signedIn, [["evently_user", users[0]]]);
  t.same(anonymous, [["evently_anonymous", ""]], "the anonymous read does not inherit the user's claims");
  t.equal(checkouts - before, 2, "two round trips: they set different settings");
});
