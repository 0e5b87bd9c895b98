// Accounts: register, authenticate, current_user, and who may read users and secrets.
import t from "tap";
import { randomUUID } from "node:crypto";
import { asUser, createTestDb, createUser, sqlAs, sqlError, sqlState } from "../helpers.ts";

const db = await createTestDb(t);

const uniqueEmail = (prefix = "reg") => `${prefix}-${randomUUID()}@example.com`;
const register = (email: unknown, password: unknown, name: unknown, userId: string | null = null) =>
  sqlAs(db.pool, userId, "select * from evently.register(email => $1, password => $2, name => $3)", [email, password, name]);
const authenticate = (email: unknown, password: unknown) =>
  sqlAs(db.pool, null, "select * from evently.authenticate(email => $1, password => $2)", [email, password]);
const countUsers = async (email: string) =>
  (await db.pool.query("select count(*)::int as n from evently.users where email = $1", [email])).rows[0].n as number;

t.test("register creates a plain user and stores only a bcrypt hash of the password", async (t) => {
  const email = uniqueEmail();
  const password = "correct horse battery";
  const [user] = await register(email, password, "  Ada Lovelace  ");
  t.match(user.id, /^[0-9a-f-]{36}$/);
  t.equal(user.email, email);
  t.equal(user.name, "Ada Lovelace", "the name is trimmed");
  t.equal(user.role, "user", "new accounts are never admins");
  t.ok(user.created_at);

  const [secret] = (await db.pool.query("select * from evently_private.user_secrets where user_id = $1", [user.id])).rows;
  t.ok(secret, "a secrets row exists");
  t.match(secret.password_hash, /^\$2[aby]?\$10\$/, "bcrypt hash with cost 10");
  t.notOk(secret.password_hash.includes(password), "the hash does not contain the password");
  const [{ ok }] = (await db.pool.query("select crypt($1, $2) = $2 as ok", [password, secret.password_hash])).rows;
  t.equal(ok, true, "the hash verifies the password");
  const [{ matches }] = (await db.pool.query(
    "select count(*)::int as matches from evently.users u where u.id = $1 and to_jsonb(u)::text like '%' || $2 || '%'",
    [user.id, password],
  )).rows;
  t.equal(matches, 0, "the plain password is not stored in evently.users");

  const [other] = await register(uniqueEmail(), password, "Same Password");
  const [otherSecret] = (await db.pool.query("select password_hash from evently_private.user_secrets where user_id = $1", [other.id])).rows;
  t.not(otherSecret.password_hash, secret.password_hash, "each hash has its own salt");
});

t.test("register rejects malformed emails and blank names with EVINV naming the field", async (t) => {
  for (const email of ["not-an-email", "a@b", "two@@example.com", "spa ce@example.com", "", null, `${"x".repeat(250)}@example.com`]) {
    const error = await sqlError(register(email, "long enough password", "Name"));
    t.equal(error?.code, "EVINV", `email ${JSON.stringify(email)?.slice(0, 30)} is refused`);
    t.equal(error?.detail, "email");
  }
  for (const name of ["", "   ", null, "x".repeat(201)]) {
    const email = uniqueEmail();
    const error = await sqlError(register(email, "long enough password", name));
    t.equal(error?.code, "EVINV", `name ${JSON.stringify(name)?.slice(0, 20)} is refused`);
    t.equal(error?.detail, "name");
    t.equal(await countUsers(email), 0, "no user row is left behind");
  }
});

t.test("register rejects short, long and missing passwords with EVWPW", async (t) => {
  for (const password of ["", "seven77", null, "x".repeat(201)]) {
    const email = uniqueEmail();
    const error = await sqlError(register(email, password, "Name"));
    t.equal(error?.code, "EVWPW", `password of length ${password?.length ?? "null"} is refused`);
    t.equal(error?.detail, "password");
    t.equal(await countUsers(email), 0, "no user row is left behind");
  }
  const [user] = await register(uniqueEmail(), "eight888", "Eight");
  t.ok(user.id, "8 characters is enough");
});

t.test("register refuses a taken email (EVEML), whatever its letter case", async (t) => {
  const email = uniqueEmail("dup");
  const [first] = await register(email, "first password", "First");
  const error = await sqlError(register(email, "second password", "Second"));
  t.equal(error?.code, "EVEML");
  t.equal(error?.detail, "email");
  t.equal(await sqlState(register(email.toUpperCase(), "second password", "Second")), "EVEML", "email is case-insensitive");
  t.equal(await sqlState(register(email.replace("dup", "DuP"), "second password", "Second")), "EVEML");
  t.equal(await countUsers(email), 1);
  const secrets = await db.pool.query(
    "select s.password_hash from evently_private.user_secrets s join evently.users u on u.id = s.user_id where u.email = $1",
    [email],
  );
  t.equal(secrets.rowCount, 1, "the first account's secret is untouched");
  const [{ ok }] = (await db.pool.query("select crypt('first password', $1) = $1 as ok", [secrets.rows[0].password_hash])).rows;
  t.ok(ok, "the first password still works");
  t.ok(first.id);
});

t.test("authenticate returns a JWT payload for the right password, with the role from evently.users", async (t) => {
  const email = uniqueEmail("auth");
  const [user] = await register(email, "s3cret-password", "Auth User");
  const before = Math.floor(Date.now() / 1000);
  const [token] = await authenticate(email, "s3cret-password");
  t.equal(token.role, "evently_user");
  t.equal(token.user_id, user.id);
  const exp = Number(token.exp);
  t.ok(Math.abs(exp - (before + 24 * 3600)) < 120, `exp ${exp} is about 24 hours ahead`);

  const [upper] = await authenticate(email.toUpperCase(), "s3cret-password");
  t.equal(upper.user_id, user.id, "email lookup is case-insensitive");

  await db.pool.query("update evently.users set role = 'admin' where id = $1", [user.id]);
  const [adminToken] = await authenticate(email, "s3cret-password");
  t.equal(adminToken.role, "evently_admin", "a DBA's promotion shows in the next token");
  t.equal(adminToken.user_id, user.id);

  await db.pool.query("update evently.users set role = 'user' where id = $1", [user.id]);
  const [demoted] = await authenticate(email, "s3cret-password");
  t.equal(demoted.role, "evently_user", "and so does a demotion");

  const [asUserToken] = await sqlAs(db.pool, user.id, "select * from evently.authenticate($1, $2)", [email, "s3cret-password"]);
  t.equal(asUserToken.user_id, user.id, "signed-in callers may authenticate too");
});

t.test("authenticate refuses wrong passwords and unknown emails alike (EVCRD)", async (t) => {
  const email = uniqueEmail("cred");
  await register(email, "the-real-password", "Cred User");
  const wrong = await sqlError(authenticate(email, "the-real-passwore"));
  const unknown = await sqlError(authenticate(uniqueEmail("nobody"), "the-real-password"));
  t.equal(wrong?.code, "EVCRD");
  t.equal(unknown?.code, "EVCRD");
  t.equal(wrong?.message, unknown?.message, "the message does not reveal whether the email exists");
  t.equal(await sqlState(authenticate(email, "")), "EVCRD");
  t.equal(await sqlState(authenticate(email, null)), "EVCRD");
  t.equal(await sqlState(authenticate(null, "the-real-password")), "EVCRD");
  const noSecret = await createUser(db);
  const [{ email: noSecretEmail }] = (await db.pool.query("select email from evently.users where id = $1", [noSecret])).rows;
  t.equal(await sqlState(authenticate(noSecretEmail, "")), "EVCRD", "an account without a password cannot sign in");
});

t.test("current_user returns the signed-in user, and null for anonymous callers", async (t) => {
  const alice = await createUser(db);
  const [me] = await sqlAs(db.pool, alice, "select * from evently.current_user()");
  t.equal(me.id, alice);
  t.equal(me.role, "user");
  const [{ id: adminSeesSelf }] = await asUser(
    db.pool, alice, async (c) => (await c.query("select (evently.current_user()).id")).rows, "evently_admin",
  );
  t.equal(adminSeesSelf, alice, "the row comes from jwt.claims.user_id, whatever the role");
  const rows = await sqlAs(db.pool, null, "select (evently.current_user()).id as id");
  t.same(rows, [{ id: null }], "anonymous callers get null, not an error");
  const [{ id: unknown }] = await sqlAs(db.pool, "00000000-0000-0000-0000-000000000000", "select (evently.current_user()).id as id");
  t.equal(unknown, null, "a token for a deleted user gives null");
});

t.test("RLS on evently.users: users see only themselves, admins see everyone, anonymous has no access", async (t) => {
  const alice = await createUser(db);
  const bob = await createUser(db);
  const admin = await createUser(db, { admin: true });
  const [{ total }] = (await db.pool.query("select count(*)::int as total from evently.users")).rows;
  t.ok(total >= 3);

  const aliceSees = await sqlAs(db.pool, alice, "select id from evently.users");
  t.same(aliceSees.map((r) => r.id), [alice], "a user sees only their own row");
  t.same(await sqlAs(db.pool, alice, "select id from evently.users where id = $1", [bob]), [], "even when asking for another id");

  const [{ n: adminCount }] = await sqlAs(db.pool, admin, "select count(*)::int as n from evently.users");
  t.equal(adminCount, total, "an admin sees every user");
  const [{ n: adminRoleCount }] = await asUser(
    db.pool, admin, async (c) => (await c.query("select count(*)::int as n from evently.users")).rows, "evently_admin",
  );
  t.equal(adminRoleCount, total, "also as the evently_admin role");

  const [{ n: staleAdminToken }] = await asUser(
    db.pool, bob, async (c) => (await c.query("select count(*)::int as n from evently.users")).rows, "evently_admin",
  );
  t.equal(staleAdminToken, 1, "an evently_admin role claim alone does not unlock other users' rows");

  t.same(await sqlAs(db.pool, null, "select id from evently.users"), [], "anonymous callers see no user (RLS)");
  t.equal(await sqlState(sqlAs(db.pool, alice, "update evently.users set role = 'admin' where id = $1", [alice])), "42501",
    "users cannot promote themselves");
  t.equal(await sqlState(sqlAs(db.pool, alice, "insert into evently.users (email, name) values ('x@example.com', 'x')")), "42501");
  t.equal(await sqlState(sqlAs(db.pool, alice, "delete from evently.users where id = $1", [alice])), "42501");
});

t.test("evently_private tables are out of reach of the API roles", async (t) => {
  const alice = await createUser(db);
  for (const table of ["evently_private.user_secrets", "evently_private.idempotency_keys"]) {
    t.equal(await sqlState(sqlAs(db.pool, null, `select * from ${table}`)), "42501", `anonymous cannot read ${table}`);
    t.equal(await sqlState(sqlAs(db.pool, alice, `select * from ${table}`)), "42501", `a user cannot read ${table}`);
    t.equal(
      await sqlState(asUser(db.pool, alice, (c) => c.query(`select * from ${table}`), "evently_admin")),
      "42501",
      `the admin role cannot read ${table}`,
    );
  }
});
