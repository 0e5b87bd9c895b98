// What a newcomer meets first: the landing page, the /api/v1 index, 404s (HTML for pages,
// problem+json for the API), 405 with Allow, 413, a 500 that carries a request id, problem
// `type` links that resolve, and an OpenAPI document Swagger UI opens without warnings.
import t from "tap";
import { createTestDb } from "../helpers.ts";
import { startApi } from "./client.ts";
import { errorCodes } from "../../src/errors.ts";

const db = await createTestDb(t);
// No built web app here: `/` is the server's own landing page (the web app takes `/` when built).
const api = await startApi(t, db, { rateLimit: { points: 1000, durationSeconds: 60 }, webDist: "/nonexistent" });

t.test("/ is a landing page linking the docs, GraphQL, health", async (t) => {
  const res = await fetch(`${api.base}/`);
  t.equal(res.status, 200);
  t.match(res.headers.get("content-type"), /text\/html/);
  const html = await res.text();
  for (const link of ["/docs", "/graphiql", "/health", "/api/v1", "/docs/errors", "/openapi.json"]) {
    t.match(html, `href="${link}"`, `links ${link}`);
    if (link !== "/graphiql") t.equal((await fetch(`${api.base}${link}`)).status, 200, `${link} answers 200`);
  }
});

t.test("/api/v1 answers an index of the routes", async (t) => {
  const index = await api.call("get", "/api/v1");
  t.equal(index.status, 200);
  t.equal(index.body.links.openapi, "/openapi.json");
  t.ok(index.body.routes.some((r: any) => r.method === "POST" && r.path === "/api/v1/bookings"), "lists POST /api/v1/bookings");
  t.equal((await fetch(`${api.base}/api/v1/`)).status, 200, "with a trailing slash too");
});

t.test("unknown paths: problem+json below /api, an HTML page for browsers elsewhere", async (t) => {
  const api404 = await fetch(`${api.base}/api/v1/nowhere`);
  t.equal(api404.status, 404);
  t.equal(api404.headers.get("content-type")?.split(";")[0], "application/problem+json");
  const body = await api404.json();
  t.equal(body.code, "EVNRT");
  t.equal(body.type, "/docs/errors#EVNRT");
  t.type(body.request_id, "string");

  const page = await fetch(`${api.base}/no/such/page`, { headers: { accept: "text/html,application/xhtml+xml" } });
  t.equal(page.status, 404);
  t.match(page.headers.get("content-type"), /text\/html/);
  t.match(await page.text(), /Not found/);
  const json = await fetch(`${api.base}/no/such/page`, { headers: { accept: "application/json" } });
  t.equal(json.status, 404);
  t.equal((await json.json()).code, "EVNRT", "a JSON client gets problem+json");
});

t.test("a wrong method on a known path is 405 with Allow", async (t) => {
  const put = await fetch(`${api.base}/api/v1/events`, { method: "PUT" });
  t.equal(put.status, 405);
  t.equal(put.headers.get("allow"), "GET, HEAD, POST");
  const body = await put.json();
  t.equal(body.code, "EVMTH");
  t.match(body.detail, /GET, HEAD, POST/);
  const del = await fetch(`${api.base}/api/v1/bookings/00000000-0000-0000-0000-000000000000`, { method: "DELETE" });
  t.equal(del.status, 405);
  t.equal(del.headers.get("allow"), "GET, HEAD");
});

t.test("a body above 100 kB is 413 EVBIG", async (t) => {
  const big = await api.call("post", "/api/v1/auth/register", { body: { email: "big@example.com", password: "x".repeat(2_000_000), name: "Big" } });
  t.equal(big.status, 413);
  t.equal(big.body.code, "EVBIG");
  t.match(big.body.detail, /100 kB/);
});

t.test("a body in another charset or content encoding is 415 EVMED, not a 500", async (t) => {
  for (const headers of [{ "content-type": "application/json; charset=latin1" }, { "content-type": "application/json", "content-encoding": "compress" }] as Array<Record<string, string>>) {
    const res = await fetch(`${api.base}/api/v1/auth/login`, { method: "POST", headers, body: '{"email":"a@example.com","password":"x"}' });
    t.equal(res.status, 415, JSON.stringify(headers));
    t.equal(res.headers.get("content-type")?.split(";")[0], "application/problem+json");
    const body = await res.json();
    t.equal(body.code, "EVMED");
    t.match(body.detail, /send JSON in UTF-8/);
  }
});

t.test("every problem type resolves to its code's documentation", async (t) => {
  const page = await (await fetch(`${api.base}/docs/errors`)).text();
  for (const code of errorCodes.keys()) t.match(page, `<tr id="${code}">`, `/docs/errors#${code}`);
  const doc = await (await fetch(`${api.base}/openapi.json`)).json();
  t.equal(doc.jsonSchemaDialect, undefined, "no jsonSchemaDialect (Swagger UI's red banner)");
  t.equal(doc.openapi, "3.1.0");
});

t.test("an unexpected failure is a 500 with a request id, the cause only in the log", async (t) => {
  await db.pool.query("alter function evently.upcoming_events rename to upcoming_events_gone");
  t.teardown(() => db.pool.query("alter function evently.upcoming_events_gone rename to upcoming_events"));
  const res = await fetch(`${api.base}/api/v1/events`, { headers: { "x-request-id": "trace-me-42" } });
  t.equal(res.status, 500);
  const body = await res.json();
  t.equal(body.request_id, "trace-me-42");
  t.equal(res.headers.get("x-request-id"), "trace-me-42");
  t.notMatch(JSON.stringify(body), /upcoming_events/, "the cause is not leaked");
});
