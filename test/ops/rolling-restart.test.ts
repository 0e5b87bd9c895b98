// A rolling restart under continuous load: 2 API processes (`npm start`, WORKER=off) behind a
// tiny round-robin proxy standing in for a load balancer, and one `npm run worker`. As a
// rolling update with surge does, two replacements start and join the proxy once ready; then
// the old processes get SIGTERM one at a time, each draining and exiting 0; then the worker is
// restarted the same way. Clients book with idempotency keys through the proxy and never
// retry: every request must succeed.
//
// The proxy does what a load balancer does, no more: it health-checks /ready every 100 ms
// (out after 2 failed checks in a row, back after one good one), sends only to backends in,
// opens a new backend connection per request, holds a request while no backend is in (up to
// 5 s), and retries a request on another backend only when the connection was refused (the
// request never reached a process). SHUTDOWN_DELAY_MS=1000 keeps a draining process serving,
// with /ready 503, until the proxy has stopped sending to it; the requests it is still working
// on when its listener closes finish. Anything else a backend does wrong (a reset connection,
// a 5xx) reaches the client as a failure.
import t, { type Test } from "tap";
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { createTestDb, createEvent, createUser, createUsers, counterMismatches } from "../helpers.ts";
import { signToken } from "../../src/auth/tokens.ts";
import { freePort, waitFor } from "../support.ts";
import { fleet, sleep, type Proc } from "../fleet.ts";

const CLIENTS = 8;
const T0 = Date.now();
const trace = (m: string) => process.env.EVENTLY_FLEET_TRACE && console.error(`# ${((Date.now() - T0) / 1000).toFixed(1)}s ${m}`);

interface Backend {
  port: number;
  ready: boolean;
  failedChecks: number;
  /** Requests answered by this backend while it was draining (after its SIGTERM). */
  servedWhileDraining: number;
  draining: boolean;
}

function startProxy(t: Test, backends: Backend[]) {
  let next = 0;
  const stats = { refusedRetried: 0, failed: 0, heldForABackend: 0 };
  const probe = setInterval(() => {
    for (const b of backends) {
      const req = request({ host: "127.0.0.1", port: b.port, path: "/ready", agent: false, timeout: 2000 }, (res) => {
        if (res.statusCode === 200) {
          b.ready = true;
          b.failedChecks = 0;
        } else if (++b.failedChecks >= 2) b.ready = false;
        res.resume();
      });
      req.on("error", () => {
        if (++b.failedChecks >= 2) b.ready = false;
      });
      req.on("timeout", () => req.destroy());
      req.end();
    }
  }, 100);
  const forward = (body: Buffer, req: IncomingMessage, res: ServerResponse, tries: number, since: number) => {
    const healthy = backends.filter((b) => b.ready);
    if (healthy.length === 0 && Date.now() - since < 5000) {
      if (tries === 0) stats.heldForABackend++;
      setTimeout(() => forward(body, req, res, tries + 1, since), 50);
      return;
    }
    if (healthy.length === 0 || tries > 100) {
      stats.failed++;
      res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ proxy: "no backend" }));
      return;
    }
    const b = healthy[next++ % healthy.length];
    const up = request(
      { host: "127.0.0.1", port: b.port, method: req.method, path: req.url, headers: { ...req.headers, connection: "close" }, agent: false },
      (answer) => {
        if (b.draining) b.servedWhileDraining++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED" && !res.headersSent) {
        // Never reached a process: safe to send elsewhere (what a load balancer does).
        stats.refusedRetried++;
        b.ready = false;
        setTimeout(() => forward(body, req, res, tries + 1, since), 20);
        return;
      }
      stats.failed++;
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ proxy: `backend: ${error.code}` }));
      else res.destroy();
    });
    up.end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => forward(Buffer.concat(chunks), req, res, 0, Date.now()));
  });
  t.teardown(() => {
    clearInterval(probe);
    server.closeAllConnections();
    server.close();
  });
  return { server, stats };
}

t.test("rolling restart (with surge) of 2 API processes and the worker under load: no failed request", async (t) => {
  const db = await createTestDb(t);
  const jwtSecret = randomBytes(32).toString("base64url");
  const admin = await createUser(db, { admin: true });
  const event = await createEvent(db, admin, { capacity: 100_000, maxPerUser: 10_000 });
  const users = await createUsers(db, CLIENTS);
  const tokenOf = (id: string) => signToken({ role: "evently_user", user_id: id, exp: Math.floor(Date.now() / 1000) + 3600 }, jwtSecret);

  const f = fleet(t, {
    db, jwtSecret,
    env: { RATE_LIMIT_PER_MINUTE: "100000000", SHUTDOWN_DELAY_MS: "1000", SHUTDOWN_TIMEOUT_MS: "10000", WORKER_POLL_MS: "200" },
  });
  const apis: Proc[] = [await f.api("api-0"), await f.api("api-1")];
  let worker = f.worker("worker-0");
  await Promise.all(apis.map((a) => f.healthy(a, 90_000)));
  const backendOf = (a: Proc): Backend => ({ port: a.port!, ready: false, failedChecks: 0, servedWhileDraining: 0, draining: false });
  const backends: Backend[] = apis.map(backendOf);
  const proxy = startProxy(t, backends);
  const proxyPort = await freePort();
  await new Promise<void>((resolve) => proxy.server.listen(proxyPort, "127.0.0.1", resolve));
  await waitFor("both backends ready (a worker beats)", async () => (backends.every((b) => b.ready) ? true : undefined), 60_000, 100);
  trace("fleet up");
  const base = `http://127.0.0.1:${proxyPort}`;

  const ok = new Map<string, string>(); // key → booking id
  const failures: string[] = [];
  let reads = 0;
  let running = true;
  t.teardown(() => {
    running = false;
  });
  const clients = users.map(async (user, i) => {
    const token = tokenOf(user);
    while (running) {
      const key = randomUUID();
      try {
        const res = await fetch(`${base}/api/v1/bookings`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": key },
          body: JSON.stringify({ event_id: event, quantity: 1 }),
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await res.json()) as { id?: string; code?: string };
        if (res.status === 201) ok.set(key, body.id!);
        else failures.push(`${res.status} ${body.code ?? JSON.stringify(body)}`);
      } catch (error) {
        failures.push(`no answer: ${(error as Error).message}`);
      }
      await sleep(30); // steady load, leaving the 2 cores room to boot the replacements
      if (i % 3 === 0) {
        // A read now and then (the event page).
        const res = await fetch(`${base}/api/v1/events/${event}`).catch((e: Error) => e);
        if (res instanceof Error || res.status !== 200) failures.push(`read: ${res instanceof Error ? res.message : res.status}`);
        else reads++;
        if (!(res instanceof Error)) await res.body?.cancel();
      }
    }
  });

  await sleep(1000);
  // Surge: the replacements start under load and join the proxy once ready.
  const fresh = [await f.api("api-0b"), await f.api("api-1b")];
  await Promise.all(fresh.map((a) => f.healthy(a, 120_000)));
  const freshBackends = fresh.map(backendOf);
  backends.push(...freshBackends);
  await waitFor("the replacements ready", async () => (freshBackends.every((b) => b.ready) ? true : undefined), 30_000, 50);
  trace("replacements serving");
  // Then the old ones, one at a time: SIGTERM, drain, exit.
  const exitCodes: Array<number | null> = [];
  for (let i = 0; i < apis.length; i++) {
    const before = ok.size;
    backends[i].draining = true;
    const code = await apis[i].terminate();
    exitCodes.push(code);
    trace(`api-${i} stopped (${code}); ${backends[i].servedWhileDraining} answered while draining; ${ok.size - before} bookings meanwhile`);
  }
  // The worker too: its running jobs (the notification relay) finish before it exits.
  const workerCode = await worker.terminate();
  exitCodes.push(workerCode);
  worker = f.worker("worker-0b");
  trace(`worker restarted (${workerCode})`);
  await sleep(1500);
  running = false;
  await Promise.all(clients);
  trace(`load done: ${ok.size} bookings, ${reads} reads, ${failures.length} failures; proxy ${JSON.stringify(proxy.stats)}`);

  t.same(failures, [], `no failed request (${ok.size} bookings, ${reads} reads)`);
  t.same(exitCodes, [0, 0, 0], "each API process and the worker drained and exited 0 on SIGTERM");
  t.ok(ok.size > 50, `${ok.size} bookings during the restarts`);
  t.ok(backends.slice(0, 2).some((b) => b.servedWhileDraining > 0), `requests answered by a process after its SIGTERM: ${backends.slice(0, 2).map((b) => b.servedWhileDraining).join(", ")} (in flight, or sent before the proxy saw /ready 503)`);
  const ids = [...ok.values()];
  const { rows: [b] } = await db.pool.query<{ found: number; total: number }>(
    `select (select count(*)::int from evently.bookings where id = any($1::uuid[])) as found,
            (select count(*)::int from evently.bookings where event_id = $2) as total`, [ids, event]);
  t.equal(b.found, ids.length, "every acknowledged booking exists");
  t.equal(b.total, ids.length, "and there is no other");
  await waitFor("every confirmation sent by the new worker", async () => {
    const { rows } = await db.pool.query<{ n: number }>("select count(*)::int as n from evently.notifications where event_id = $1 and status <> 'sent'", [event]);
    return rows[0].n === 0 ? true : undefined;
  }, 30_000, 200);
  t.pass("every confirmation sent");
  t.same(await counterMismatches(db), [], "the invariant oracle finds nothing");
});
