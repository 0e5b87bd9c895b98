// Token verification is cached per process and secret: what the cache must never change.
import t from "tap";
import jwt from "jsonwebtoken";
import { signToken, verifyToken, tokenOptions } from "../../src/auth/tokens.ts";

const SECRET = "a-secret-of-at-least-32-characters-long!";
const OTHER = "another-secret-of-at-least-32-characters";
const USER = "00000000-0000-4000-8000-000000000001";
const now = () => Math.floor(Date.now() / 1000);

t.test("a verified token is refused once it expires", async (t) => {
  const exp = now() + 2;
  const token = signToken({ role: "evently_user", user_id: USER, exp }, SECRET);
  t.equal(verifyToken(token, SECRET).user_id, USER);
  t.equal(verifyToken(token, SECRET).user_id, USER, "again (from the cache)");
  await new Promise((resolve) => setTimeout(resolve, exp * 1000 + 50 - Date.now()));
  t.throws(() => verifyToken(token, SECRET), { code: "EVTOK", message: "Token expired: sign in again" });
});

t.test("the same claims with another signature are refused", async (t) => {
  const claims = { role: "evently_user" as const, user_id: USER, exp: now() + 600 };
  const good = signToken(claims, SECRET);
  t.equal(verifyToken(good, SECRET).user_id, USER);
  const [header, payload] = good.split(".");
  const forged = jwt.sign(claims, OTHER, tokenOptions).split(".")[2];
  t.throws(() => verifyToken(`${header}.${payload}.${forged}`, SECRET), { code: "EVTOK" });
  const admin = jwt.sign({ ...claims, role: "evently_admin" }, OTHER, tokenOptions);
  t.throws(() => verifyToken(admin, SECRET), { code: "EVTOK" }, "claims signed with another secret");
});

t.test("a token verified with the previous secret is refused once that secret is retired", async (t) => {
  const old = signToken({ role: "evently_user", user_id: USER, exp: now() + 600 }, OTHER);
  t.equal(verifyToken(old, SECRET, OTHER).user_id, USER, "accepted during the rotation");
  t.equal(verifyToken(old, SECRET, OTHER).user_id, USER, "and again");
  t.throws(() => verifyToken(old, SECRET), { code: "EVTOK" }, "refused without the previous secret");
});
