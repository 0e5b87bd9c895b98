// Rotating JWT_SECRET without logging everyone out: with JWT_SECRET_PREVIOUS set, tokens
// signed before the rotation keep working until they expire, new tokens are signed with
// the new secret only, and nothing else is accepted.
import t from "tap";
import jwt from "jsonwebtoken";
import { createTestDb, createUser } from "../helpers.ts";
import { startApi } from "../rest/client.ts";
import { signToken } from "../../src/auth/tokens.ts";

const OLD = "old-secret-old-secret-old-secret-0";
const NEW = "new-secret-new-secret-new-secret-1";

const db = await createTestDb(t);
const user = await createUser(db);
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const tokenWith = (secret: string, exp = inAnHour()) => signToken({ role: "evently_user", user_id: user, exp }, secret);

// Before the rotation, after it (both secrets), and after the grace period (new only).
const before = await startApi(t, db, { jwtSecret: OLD });
const during = await startApi(t, db, { jwtSecret: NEW, jwtSecretPrevious: OLD });
const after = await startApi(t, db, { jwtSecret: NEW });

async function me(api: typeof before, token: string): Promise<number> {
  return (await api.call("get", "/api/v1/me", { token })).status;
}

async function gqlMe(api: typeof before, token: string): Promise<{ status: number; id?: string }> {
  const res = await fetch(`${api.base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ currentUser { id } }" }),
  });
  const body = (await res.json()) as { data?: { currentUser?: { id: string } } };
  return { status: res.status, id: body.data?.currentUser?.id };
}

t.test("a token issued before the rotation works during it, on REST and GraphQL", async (t) => {
  const issued = tokenWith(OLD);
  t.equal(await me(before, issued), 200, "control: valid before the rotation");
  t.equal(await me(during, issued), 200, "REST accepts it during the rotation");
  t.same(await gqlMe(during, issued), { status: 200, id: user }, "GraphQL accepts it during the rotation");
  t.equal(await me(after, issued), 401, "refused once JWT_SECRET_PREVIOUS is removed");
});

t.test("new tokens are signed with the new secret only", async (t) => {
  const email = `rotation-${Date.now()}@example.com`;
  const registered = await during.call("post", "/api/v1/auth/register", { body: { email, password: "correct horse battery", name: "Rotation" } });
  t.equal(registered.status, 201);
  const login = await during.call("post", "/api/v1/auth/login", { body: { email, password: "correct horse battery" } });
  t.equal(login.status, 200);
  const token = login.body.token as string;
  t.doesNotThrow(() => jwt.verify(token, NEW, { audience: "evently", issuer: "evently" }), "verifies with the new secret");
  t.throws(() => jwt.verify(token, OLD, { audience: "evently", issuer: "evently" }), "not with the old one");
  t.equal(await me(after, token), 200, "still valid after the grace period");
  t.equal(await me(before, token), 401, "a server still on the old secret alone refuses it (roll every instance)");
});

t.test("the previous secret does not widen what is accepted", async (t) => {
  t.equal(await me(during, tokenWith(OLD, Math.floor(Date.now() / 1000) - 10)), 401, "an expired old token stays refused");
  t.equal(await me(during, tokenWith("some-other-secret-some-other-secret")), 401, "a third secret is refused");
  const unsigned = jwt.sign({ role: "evently_user", user_id: user, exp: inAnHour() }, "", { algorithm: "none", audience: "evently", issuer: "evently" });
  t.equal(await me(during, unsigned), 401, "alg none is refused");
  const forgedRole = jwt.sign({ role: "postgres", user_id: user, exp: inAnHour() }, OLD, { audience: "evently", issuer: "evently" });
  t.equal(await me(during, forgedRole), 401, "claims are checked for old tokens too");
});
