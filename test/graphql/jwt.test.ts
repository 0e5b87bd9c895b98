// Bearer tokens over HTTP: only tokens the server signed, still valid, with an API role
// and a user id get through; everything else is HTTP 401 EVTOK, never a silent
// downgrade to anonymous.
import t, { type Test } from "tap";
import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import { createEvent, createTestDb } from "../helpers.ts";
import { errorCode, signUp, startGraphQLServer, type GraphQLResponse } from "../graphql-helpers.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const { gql } = server;
const admin = await signUp(server, db, { admin: true });
const alice = await signUp(server, db);

const ME = `{ currentUser { id } }`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const sign = (payload: Record<string, unknown>, opts: jwt.SignOptions = {}, secret = server.jwtSecret) =>
  jwt.sign(payload, secret, { audience: "evently", issuer: "evently", algorithm: "HS256", ...opts });
const claims = (extra: Record<string, unknown> = {}) => ({
  role: "evently_user",
  user_id: alice.id,
  exp: nowSeconds() + 3600,
  ...extra,
});

function assertRejected(t: Test, res: GraphQLResponse, what: string, message?: string | RegExp) {
  t.equal(res.status, 401, `${what}: HTTP 401`);
  t.equal(errorCode(res), "EVTOK", `${what}: EVTOK`);
  t.equal(res.errors?.[0].extensions?.status, 401, `${what}: status 401 in extensions`);
  t.equal(res.headers.get("www-authenticate"), 'Bearer error="invalid_token"', `${what}: WWW-Authenticate`);
  t.equal(res.data, undefined, `${what}: no data`);
  if (message) t.match(res.errors?.[0].message, message, `${what}: message`);
}

t.test("a token signed with the server's secret and valid claims is accepted (control)", async (t) => {
  const res = await gql(ME, {}, { token: sign(claims()) });
  t.equal(res.status, 200);
  t.notOk(res.errors);
  t.same(res.data.currentUser, { id: alice.id });
  const lower = await gql(ME, {}, { header: `bearer   ${sign(claims())}` });
  t.same(lower.data?.currentUser, { id: alice.id }, "the scheme is case-insensitive");
  const none = await gql(ME);
  t.equal(none.status, 200, "no Authorization header at all is anonymous");
  t.equal(none.data.currentUser, null);
});

t.test("a token signed with another secret is 401 EVTOK", async (t) => {
  const forged = sign(claims(), {}, "not the server's secret");
  assertRejected(t, await gql(ME, {}, { token: forged }), "query", "Invalid token");
  const event = await createEvent(db, admin.id, { capacity: 5 });
  const book = await gql(`mutation ($e: UUID) { bookTickets(input: {eventId: $e, quantity: 1}) { result { id } } }`, { e: event }, { token: forged });
  assertRejected(t, book, "mutation");
  const upcoming = await gql(`{ upcomingEvents { nodes { id } } }`, {}, { token: forged });
  assertRejected(t, upcoming, "a query anonymous callers could run");
  const forgedAdmin = sign(claims({ role: "evently_admin", user_id: admin.id }), {}, "guessed secret");
  const venue = await gql(`mutation { createVenue(input: {name: "Forged"}) { result { id } } }`, {}, { token: forgedAdmin });
  assertRejected(t, venue, "forged admin");
  const [{ n }] = (await db.pool.query("select count(*)::int as n from evently.bookings where event_id = $1", [event])).rows;
  t.equal(n, 0, "nothing was booked");
  const [{ v }] = (await db.pool.query("select count(*)::int as v from evently.venues where name = 'Forged'")).rows;
  t.equal(v, 0, "no venue was created");
});

t.test("an expired token is 401 EVTOK", async (t) => {
  const expired = sign(claims({ exp: nowSeconds() - 60 }));
  assertRejected(t, await gql(ME, {}, { token: expired }), "expired a minute ago", "Token expired: sign in again");
  const justExpired = sign(claims({ exp: nowSeconds() - 1 }));
  assertRejected(t, await gql(ME, {}, { token: justExpired }), "expired a second ago");
  const notYet = sign(claims(), { notBefore: 3600 });
  assertRejected(t, await gql(ME, {}, { token: notYet }), "not valid yet");
});

t.test("a malformed Authorization header is 401 EVTOK", async (t) => {
  const valid = sign(claims());
  for (const header of [
    "garbage",
    "Bearer garbage",
    "Bearer a.b.c",
    "Bearer",
    `Basic ${Buffer.from("alice:password").toString("base64")}`,
    `Token ${valid}`,
    `Bearer ${valid} extra`,
    `Bearer ${valid.slice(0, -2)}`,
    `Bearer ${valid.split(".").slice(0, 2).join(".")}.`,
  ]) {
    assertRejected(t, await gql(ME, {}, { header }), JSON.stringify(header.length > 40 ? `${header.slice(0, 40)}…` : header));
  }
});

t.test("a correctly signed token with unacceptable claims is 401 EVTOK", async (t) => {
  const cases: Array<[string, string]> = [
    ["role postgres", sign(claims({ role: "postgres" }))],
    ["role evently_authenticator", sign(claims({ role: "evently_authenticator" }))],
    ["role evently_anonymous", sign(claims({ role: "evently_anonymous" }))],
    ["role in another case", sign(claims({ role: "EVENTLY_USER" }))],
    ["role missing", sign({ user_id: alice.id, exp: nowSeconds() + 3600 })],
    ["role not a string", sign(claims({ role: ["evently_admin"] }))],
    ["user_id not a uuid", sign(claims({ user_id: "1 or 1=1" }))],
    ["user_id missing", sign({ role: "evently_user", exp: nowSeconds() + 3600 })],
    ["exp missing", sign({ role: "evently_user", user_id: alice.id })],
    ["wrong audience", sign(claims(), { audience: "someone-else" })],
    ["wrong issuer", sign(claims(), { issuer: "someone-else" })],
    ["HS512 instead of HS256", sign(claims(), { algorithm: "HS512" })],
    ["alg none", jwt.sign(claims(), "", { audience: "evently", issuer: "evently", algorithm: "none" })],
  ];
  for (const [what, token] of cases) {
    assertRejected(t, await gql(ME, {}, { token }), what);
  }
});

t.test("a validly signed token for a user that no longer exists books nothing (EVAUT)", async (t) => {
  const event = await createEvent(db, admin.id, { capacity: 5 });
  const ghost = sign(claims({ user_id: randomUUID() }));
  const me = await gql(ME, {}, { token: ghost });
  t.equal(me.status, 200);
  t.equal(me.data.currentUser, null, "no such user");
  const book = await gql(`mutation ($e: UUID) { bookTickets(input: {eventId: $e, quantity: 1}) { result { id } } }`, { e: event }, { token: ghost });
  // require_user checks the account exists, so the client learns to sign in again
  // instead of meeting a masked foreign-key error.
  t.equal(book.status, 200);
  t.equal(book.errors?.[0].extensions?.code, "EVAUT");
  t.match(book.errors?.[0].message, /no longer exists/);
  t.notMatch(JSON.stringify(book.errors), /foreign key|violates|bookings_user_id_fkey|23503/);
  t.equal(book.data?.bookTickets ?? null, null);
  const [row] = (await db.pool.query("select held, booked from evently.events where id = $1", [event])).rows;
  t.same(row, { held: 0, booked: 0 }, "the transaction rolled back");
});
