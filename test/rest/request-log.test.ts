// X-Request-Id and req.log at both log levels: with an access log (info) and without (warn),
// where the request's logger is made only when something logs.
// And a deadlock: 503 EVRTY to the client, a warn line with the SQLSTATE in the log.
import t from "tap";
import express from "express";
import { pino } from "pino";
import { Writable } from "node:stream";
import type { AddressInfo } from "node:net";
import { requestLogging } from "../../src/server/request-log.ts";
import { problemHandler } from "../../src/rest/problem.ts";

async function serve(level: string) {
  const lines: Array<Record<string, any>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = express();
  app.use(requestLogging(pino({ level }, sink)));
  app.get("/ok", (_req, res) => void res.json({ ok: true }));
  app.get("/fail", (req, res) => {
    req.log.error({ code: "TEST" }, "request failed");
    res.status(500).json({ request_id: req.id });
  });
  app.get("/deadlock", () => {
    // What node-postgres rejects with when PostgreSQL breaks a deadlock.
    throw Object.assign(new Error("deadlock detected"), { code: "40P01", severity: "ERROR", detail: "Process 1 waits for ShareLock on transaction 2" });
  });
  app.use(problemHandler);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, lines, close: () => new Promise((resolve) => server.close(resolve)) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

for (const level of ["info", "warn"]) {
  t.test(`LOG_LEVEL ${level}: request ids, and errors logged with them`, async (t) => {
    const s = await serve(level);
    t.teardown(s.close);
    const mine = await fetch(`${s.base}/ok`, { headers: { "x-request-id": "trace-me-7" } });
    t.equal(mine.headers.get("x-request-id"), "trace-me-7", "the caller's id is kept");
    const fresh = await fetch(`${s.base}/ok`, { headers: { "x-request-id": "bad id with spaces" } });
    t.match(fresh.headers.get("x-request-id"), /^[0-9a-f-]{36}$/, "an unusable id is replaced by a new one");
    await settle();
    const access = s.lines.filter((l) => l.msg === "request completed");
    t.equal(access.length, level === "info" ? 2 : 0, level === "info" ? "one access line per request" : "no access log above info");
    const failed = await fetch(`${s.base}/fail`, { headers: { "x-request-id": "trace-err-1" } });
    t.same(await failed.json(), { request_id: "trace-err-1" }, "req.id is the request id");
    await settle();
    const error = s.lines.find((l) => l.msg === "request failed");
    t.ok(error, "the error is logged");
    t.equal(error?.req?.id, "trace-err-1", "with its request id");
    t.equal(error?.req?.method, "GET");
    t.equal(error?.req?.url, "/fail");
    t.match(error?.req?.remoteAddress, /127\.0\.0\.1/, "and where it came from");
  });
}

t.test("a deadlock answers 503 EVRTY with Retry-After, and is logged at warn", async (t) => {
  const s = await serve("warn");
  t.teardown(s.close);
  const res = await fetch(`${s.base}/deadlock`);
  t.equal(res.status, 503);
  t.equal(res.headers.get("retry-after"), "1");
  const body = await res.json();
  t.equal(body.code, "EVRTY");
  t.notMatch(body.detail, /deadlock|Process/, "PostgreSQL's words stay in the log");
  await settle();
  const logged = s.lines.find((l) => l.code === "EVRTY");
  t.equal(logged?.level, 40, "logged at warn");
  t.equal(logged?.sqlstate, "40P01");
  t.equal(logged?.req?.id, body.request_id, "with the request id the client got");
});
