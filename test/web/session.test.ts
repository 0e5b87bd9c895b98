// The web app's server side without a browser: the session cookie (HttpOnly, SameSite=Strict,
// never readable by scripts), the X-Evently-Client header on cookie-authenticated writes
// (CSRF), the SPA fallback limited to app pages, caching headers, the registry's sentences,
// and the API types generated from /openapi.json.
import t from "tap";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createTestDb, createEvent, createUser } from "../helpers.ts";
import { startApi } from "../rest/client.ts";
import { errorCodes } from "../../src/errors.ts";
import { isAppPage } from "../../src/server/web.ts";
import { webDist } from "../../src/server/web-build.ts";
import { generateWebTypes, typesFile } from "../../scripts/web-types.ts";

const db = await createTestDb(t);
const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 } });
const adminId = await createUser(db, { admin: true });
const eventId = await createEvent(db, adminId, { capacity: 10 });
const email = `web-${Date.now()}@example.com`;
const password = "correct horse battery";
const registered = await api.call("post", "/api/v1/auth/register", { body: { email, password, name: "Web Buyer" } });
t.equal(registered.status, 201);

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${api.base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const CLIENT = { "x-evently-client": "web" };

t.test("login sets an HttpOnly SameSite=Strict cookie and never returns the token", async (t) => {
  const refused = await post("/web/session", { email, password });
  t.equal(refused.status, 403, "login without the client header is refused (login CSRF)");
  t.equal((await refused.json()).code, "EVCSR");

  const wrong = await post("/web/session", { email, password: "nope nope nope" }, CLIENT);
  t.equal(wrong.status, 401);
  t.equal((await wrong.json()).code, "EVCRD");

  const res = await post("/web/session", { email, password }, CLIENT);
  t.equal(res.status, 200);
  const body = await res.json();
  t.notOk("token" in body, "no token in the body");
  t.equal(body.role, "evently_user");
  const cookie = res.headers.get("set-cookie") ?? "";
  t.match(cookie, /^evently_session=[\w-]+\.[\w-]+\.[\w-]+;/);
  t.match(cookie, /HttpOnly/);
  t.match(cookie, /SameSite=Strict/);
  t.match(cookie, /Path=\//);
  t.match(cookie, /Max-Age=\d{4,}/);
  t.equal(res.headers.get("cache-control"), "no-store");
});

t.test("the cookie authenticates reads; writes need the X-Evently-Client header", async (t) => {
  const res = await post("/web/session", { email, password }, CLIENT);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];

  const me = await fetch(`${api.base}/api/v1/me`, { headers: { cookie } });
  t.equal(me.status, 200);
  t.equal((await me.json()).email, email);

  const forged = await post("/api/v1/bookings", { event_id: eventId, quantity: 1 }, { cookie });
  t.equal(forged.status, 403, "a write with the cookie alone (a cross-site form) is refused");
  t.equal((await forged.json()).code, "EVCSR");
  const graphqlForged = await post("/graphql", { query: "mutation { __typename }" }, { cookie });
  t.equal(graphqlForged.status, 403);
  t.equal((await graphqlForged.json()).errors[0].extensions.code, "EVCSR");

  const booked = await post("/api/v1/bookings", { event_id: eventId, quantity: 1 }, { cookie, ...CLIENT });
  t.equal(booked.status, 201, "with the header the write goes through as the cookie's user");
  t.equal((await booked.json()).quantity, 1);

  const bearer = await api.call("get", "/api/v1/me", { headers: { cookie: "evently_session=garbage" } });
  t.equal(bearer.status, 401, "an invalid cookie is dropped: the request is anonymous");
  t.match(bearer.headers.get("set-cookie") ?? "", /^evently_session=; .*Max-Age=0/, "and the cookie is cleared");

  const out = await fetch(`${api.base}/web/session`, { method: "DELETE", headers: { cookie, ...CLIENT } });
  t.equal(out.status, 204);
  t.match(out.headers.get("set-cookie") ?? "", /^evently_session=; .*Max-Age=0/, "log out clears the cookie");
});

t.test("a bearer token wins over a cookie (API clients are unaffected)", async (t) => {
  const res = await fetch(`${api.base}/api/v1/events`, { headers: { cookie: "evently_session=garbage", authorization: "Bearer x" } });
  t.equal(res.status, 401);
  t.equal((await res.json()).code, "EVTOK", "the header is what is checked");
});

t.test("app pages get index.html; the API, GraphQL and docs are untouched", { skip: !existsSync(join(webDist, "index.html")) && "web app not built" }, async (t) => {
  for (const path of ["/", "/events/abc", "/login", "/register", "/bookings"]) {
    const res = await fetch(`${api.base}${path}`);
    t.equal(res.status, 200, path);
    t.match(res.headers.get("content-type"), /text\/html/, `${path} is the app`);
    t.equal(res.headers.get("cache-control"), "no-cache", `${path} is revalidated`);
  }
  const missing = await fetch(`${api.base}/api/v1/nothing-here`);
  t.equal(missing.status, 404);
  t.match(missing.headers.get("content-type"), /problem\+json/);
  t.equal((await fetch(`${api.base}/definitely-not-a-page`)).status, 404);
  t.match((await fetch(`${api.base}/docs`)).headers.get("content-type"), /text\/html/);
  t.equal((await fetch(`${api.base}/health`)).status, 200);
  const html = await (await fetch(`${api.base}/`)).text();
  const asset = /\/assets\/[\w.-]+\.js/.exec(html)?.[0];
  t.ok(asset, "index.html references a hashed bundle");
  const js = await fetch(`${api.base}${asset}`);
  t.equal(js.status, 200);
  t.match(js.headers.get("cache-control"), /max-age=31536000.*immutable|immutable.*max-age=31536000/);
  t.equal((await fetch(`${api.base}/assets/missing.js`)).status, 404);
});

t.test("isAppPage: only the app's own paths", async (t) => {
  for (const yes of ["/", "/events/1f0", "/login", "/bookings", "/admin", "/admin/events/x", "/scan", "/scan/1f0"]) t.ok(isAppPage(yes), yes);
  for (const no of ["/api/v1/events", "/graphql", "/docs", "/health", "/openapi.json", "/web/messages", "/x"]) t.notOk(isAppPage(no), no);
});

t.test("/web/messages: every registered code with its sentence for people", async (t) => {
  const messages = await (await fetch(`${api.base}/web/messages`)).json();
  t.same(Object.keys(messages).sort(), [...errorCodes.keys()].sort());
  for (const [code, entry] of errorCodes) t.equal(messages[code].message, entry.forPeople, code);
});

t.test("web/src/api/schema.d.ts is generated from today's /openapi.json (run `npm run web:types`)", async (t) => {
  t.ok(readFileSync(typesFile, "utf8") === (await generateWebTypes()), "up to date");
});

t.test("the build folder is git-ignored", async (t) => {
  t.match(readFileSync(join(webDist, "..", "..", ".gitignore"), "utf8"), /^web\/dist\/$/m);
});
