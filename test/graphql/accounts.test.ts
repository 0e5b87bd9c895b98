// Accounts over HTTP GraphQL: register, authenticate (a signed JWT), currentUser, the
// registered errors passed through with code and status, and other errors masked.
import t from "tap";
import jwt from "jsonwebtoken";
import { createTestDb } from "../helpers.ts";
import { errorCode, signUp, startGraphQLServer, uniqueEmail } from "../graphql-helpers.ts";

const db = await createTestDb(t);
const server = await startGraphQLServer(t, db);
const { gql } = server;

const REGISTER = `mutation ($email: String, $password: String, $name: String) {
  register(input: {email: $email, password: $password, name: $name}) { result { id email name role } }
}`;
const AUTHENTICATE = `mutation ($email: String, $password: String) {
  authenticate(input: {email: $email, password: $password}) { result }
}`;
const CURRENT_USER = `{ currentUser { id email name role } currentUserId currentUserIsAdmin }`;
const countUsers = async (email: string) =>
  (await db.pool.query("select count(*)::int as n from evently.users where email = $1", [email])).rows[0].n as number;

t.test("register, then authenticate returns a JWT that currentUser accepts", async (t) => {
  const email = uniqueEmail();
  const password = "correct horse battery";
  const reg = await gql(REGISTER, { email, password, name: "  Ada Lovelace " });
  t.equal(reg.status, 200);
  t.notOk(reg.errors, "no errors");
  const user = reg.data.register.result;
  t.match(user.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "id is the row's uuid");
  t.same([user.email, user.name, user.role], [email, "Ada Lovelace", "user"]);
  const [row] = (await db.pool.query("select email, role from evently.users where id = $1", [user.id])).rows;
  t.same(row, { email, role: "user" }, "the row is in the database");

  const auth = await gql(AUTHENTICATE, { email, password });
  t.notOk(auth.errors);
  const token = auth.data.authenticate.result;
  t.type(token, "string");
  const claims = jwt.verify(token, server.jwtSecret, { audience: "evently", issuer: "evently", algorithms: ["HS256"] }) as jwt.JwtPayload;
  t.equal(claims.role, "evently_user");
  t.equal(claims.user_id, user.id);
  const ttl = (claims.exp ?? 0) - Date.now() / 1000;
  t.ok(ttl > 23 * 3600 && ttl <= 24 * 3600 + 60, `token lives 24 hours (${Math.round(ttl)} s)`);
  t.throws(() => jwt.verify(token, "some other secret"), "signed with the server's secret only");

  const me = await gql(CURRENT_USER, {}, { token });
  t.equal(me.status, 200);
  t.notOk(me.errors);
  t.same(me.data.currentUser, { id: user.id, email, name: "Ada Lovelace", role: "user" });
  t.equal(me.data.currentUserId, user.id);
  t.equal(me.data.currentUserIsAdmin, false);

  const anon = await gql(CURRENT_USER);
  t.equal(anon.status, 200);
  t.notOk(anon.errors);
  t.equal(anon.data.currentUser, null, "anonymous callers have no current user");
  t.equal(anon.data.currentUserId, null);

  const upper = await gql(AUTHENTICATE, { email: email.toUpperCase(), password });
  t.notOk(upper.errors, "emails are case-insensitive");
  const upperClaims = jwt.decode(upper.data.authenticate.result) as jwt.JwtPayload;
  t.equal(upperClaims.user_id, user.id);
});

t.test("wrong password and unknown email are EVCRD (401) with no token", async (t) => {
  const email = uniqueEmail();
  await gql(REGISTER, { email, password: "the right password", name: "Bea" });
  for (const [what, vars] of [
    ["wrong password", { email, password: "the wrong password" }],
    ["unknown email", { email: uniqueEmail("nobody"), password: "the right password" }],
    ["missing password", { email, password: null }],
  ] as const) {
    const res = await gql(AUTHENTICATE, vars);
    t.equal(res.status, 200, `${what}: GraphQL errors come back with HTTP 200`);
    t.equal(errorCode(res), "EVCRD", `${what}: EVCRD`);
    t.equal(res.errors?.[0].extensions?.status, 401);
    t.equal(res.errors?.[0].message, "Incorrect email or password", `${what}: the same message either way`);
    t.same(res.errors?.[0].path, ["authenticate"]);
    t.equal(res.data?.authenticate ?? null, null, `${what}: no token`);
  }
});

t.test("registering a taken email is EVEML (409) naming the field, also in another case", async (t) => {
  const email = uniqueEmail();
  t.notOk((await gql(REGISTER, { email, password: "long enough password", name: "First" })).errors);
  for (const again of [email, email.toUpperCase()]) {
    const res = await gql(REGISTER, { email: again, password: "another long password", name: "Second" });
    t.equal(errorCode(res), "EVEML", `${again === email ? "same" : "upper"} case: EVEML`);
    t.equal(res.errors?.[0].extensions?.status, 409);
    t.equal(res.errors?.[0].extensions?.field, "email");
    t.equal(res.data?.register ?? null, null);
  }
  t.equal(await countUsers(email), 1, "still one account");
  const [{ name }] = (await db.pool.query("select name from evently.users where email = $1", [email])).rows;
  t.equal(name, "First", "the first account is untouched");
});

t.test("short, long and missing passwords are EVWPW (400); nothing is created", async (t) => {
  for (const password of ["short", "seven77", "x".repeat(201), null]) {
    const email = uniqueEmail();
    const res = await gql(REGISTER, { email, password, name: "Weak" });
    t.equal(errorCode(res), "EVWPW", `password of length ${password?.length ?? "null"}`);
    t.equal(res.errors?.[0].extensions?.status, 400);
    t.equal(res.errors?.[0].extensions?.field, "password");
    t.equal(await countUsers(email), 0);
  }
  const ok = await gql(REGISTER, { email: uniqueEmail(), password: "eight888", name: "Exactly Eight" });
  t.notOk(ok.errors, "8 characters are enough");
});

t.test("malformed email and blank name are EVINV (400) naming the field", async (t) => {
  const badEmail = await gql(REGISTER, { email: "not-an-email", password: "long enough password", name: "X" });
  t.equal(errorCode(badEmail), "EVINV");
  t.equal(badEmail.errors?.[0].extensions?.status, 400);
  t.equal(badEmail.errors?.[0].extensions?.field, "email");
  const blankName = await gql(REGISTER, { email: uniqueEmail(), password: "long enough password", name: "   " });
  t.equal(errorCode(blankName), "EVINV");
  t.equal(blankName.errors?.[0].extensions?.field, "name");
});

t.test("a value PostgreSQL cannot store gets EVINV, without the database's message", async (t) => {
  // PostgreSQL refuses NUL characters in text (SQLSTATE 22021): docs/error-codes.md's table of
  // errors that do not come from Evently's functions gives it EVINV. Other unregistered
  // errors stay masked (test/error-registry.test.ts).
  const email = uniqueEmail("nul");
  const res = await gql(REGISTER, { email, password: "long enough password", name: "Nul\u0000Byte" });
  t.equal(res.status, 200);
  t.equal(res.errors?.length, 1);
  const error = res.errors![0];
  t.equal(error.extensions?.code, "EVINV");
  t.equal(error.extensions?.status, 400);
  t.notMatch(error.message, /An error occurred/, "not masked");
  t.notMatch(JSON.stringify(res.errors), /invalid byte sequence|22021|0x00/i, "nothing of the database's message");
  t.equal(res.data?.register ?? null, null);
  t.equal(await countUsers(email), 0);
});

t.test("users see only themselves; an admin sees everyone", async (t) => {
  const alice = await signUp(server, db);
  const bob = await signUp(server, db);
  const admin = await signUp(server, db, { admin: true });
  const USERS = `query ($id: UUID!) { allUsers { nodes { id } } userById(id: $id) { id email } }`;

  const asAlice = await gql(USERS, { id: bob.id }, { token: alice.token });
  t.notOk(asAlice.errors);
  t.same(asAlice.data.allUsers.nodes, [{ id: alice.id }], "alice lists only herself");
  t.equal(asAlice.data.userById, null, "and cannot read bob");

  // Row-level security leaves anonymous callers no rows (and no error).
  const anon = await gql(USERS, { id: bob.id });
  t.notOk(anon.errors);
  t.equal(anon.data.userById, null, "anonymous callers read no user");
  t.same(anon.data.allUsers.nodes, [], "and list none");

  const asAdmin = await gql(USERS, { id: bob.id }, { token: admin.token });
  t.notOk(asAdmin.errors);
  t.same(asAdmin.data.userById, { id: bob.id, email: bob.email });
  const ids = asAdmin.data.allUsers.nodes.map((n: { id: string }) => n.id);
  t.ok([alice.id, bob.id, admin.id].every((id) => ids.includes(id)), "the admin lists every user");
  const claims = jwt.decode(admin.token) as jwt.JwtPayload;
  t.equal(claims.role, "evently_admin", "an admin's token carries evently_admin");
});
