// Lost connections and a database restart under load, as operators meet them: `npm start`
// as its own process on a cluster of the test's own, 20 concurrent bookers with keyed
// retries, a helper terminating the app's backends every 100 ms for 10 s, then one
// restart of the server. The process must never exit, answer 503 EVDBU (with
// Retry-After) while the database is gone, serve again within 2 s of the database
// answering, lose no acknowledged booking and make no duplicate from a retried key.
import t from "tap";
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createClusterDb, pgToolsOrSkip, startCluster } from "../pg-cluster.ts";
import { freePort, spawnApp, waitHealthy, waitFor } from "../support.ts";
import { counterMismatches, createEvent, createUser, createUsers } from "../helpers.ts";
import { signToken } from "../../src/auth/tokens.ts";

const tools = pgToolsOrSkip(t);
const T0 = Date.now();
const trace = (m: string) => process.env.EVENTLY_FAULT_TRACE && console.error(`# ${((Date.now() - T0) / 1000).toFixed(1)}s ${m}`);
const FAULT_MS = Number(process.env.EVENTLY_FAULT_MS ?? 10_000);
const BOOKERS = 20;

if (tools) {
  t.test("terminated backends and a server restart under load", async (t) => {
    const cluster = await startCluster(t, tools);
    trace('const cluster = await startCluster(t, to');
    const db = await createClusterDb(t, cluster);
    const jwtSecret = randomBytes(32).toString("base64url");
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), "evently-faults-"));
    chmodSync(dataDir, 0o755);
    const app = spawnApp("start.ts", {
      DATABASE_URL: db.url,
      AUTH_DATABASE_URL: db.authUrl,
      JWT_SECRET: jwtSecret,
      PORT: String(port),
      HOST: "127.0.0.1",
      EVENTLY_DATA_DIR: dataDir,
      WORKER_POLL_MS: "200",
      RATE_LIMIT_PER_MINUTE: "1000000",
    });
    t.teardown(async () => {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base, app);
    trace('await waitHealthy(base, app);');

    const admin = await createUser(db, { admin: true });
    const event = await createEvent(db, admin, { capacity: 100_000, maxPerUser: 10_000 });
    const users = await createUsers(db, BOOKERS);
    trace('const users = await createUsers(db, BOOK');
    const tokenOf = (id: string) =>
      signToken({ role: "evently_user", user_id: id, exp: Math.floor(Date.now() / 1000) + 3600 }, jwtSecret);

    const acknowledged = new Map<string, string>(); // idempotency key → booking id
    const unanswered = new Set<string>(); // keys given up on without an answer
    const seen = new Map<string, number>(); // status:code → count
    let problemsWithoutCode = 0;
    let retryAfterMissing = 0;
    const exits: Array<number | null> = [];
    app.child.once("exit", (code) => exits.push(code));

    const book = async (token: string, key: string): Promise<"ok" | "retry"> => {
      try {
        const res = await fetch(`${base}/api/v1/bookings`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": key },
          body: JSON.stringify({ event_id: event, quantity: 1 }),
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await res.json()) as { id?: string; code?: string };
        const label = `${res.status}${body.code ? `:${body.code}` : ""}`;
        seen.set(label, (seen.get(label) ?? 0) + 1);
        if (res.status === 201) {
          acknowledged.set(key, body.id!);
          return "ok";
        }
        if (res.status >= 500 && !body.code) problemsWithoutCode++;
        if (res.status === 503 && !res.headers.get("retry-after")) retryAfterMissing++;
        return "retry";
      } catch {
        seen.set("no answer", (seen.get("no answer") ?? 0) + 1);
        return "retry";
      }
    };

    // Each booker books with a fresh key, retrying the same key until it is answered.
    let running = true;
    const bookers = users.map(async (user) => {
      const token = tokenOf(user);
      while (running) {
        const key = randomUUID();
        let attempts = 0;
        while ((await book(token, key)) === "retry") {
          if (++attempts >= 50 || !running) {
            unanswered.add(key);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    });

    t.teardown(() => {
      running = false;
    });
    // The killer: every backend of the app's database, every 100 ms.
    const killer = new pg.Client({ connectionString: cluster.url() });
    await killer.connect();
    t.teardown(() => killer.end().catch(() => {}));
    let kills = 0;
    const killUntil = Date.now() + FAULT_MS;
    while (Date.now() < killUntil) {
      const { rows } = await killer.query(
        "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [db.name],
      );
      kills += rows[0].n;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await killer.end();
    trace('await killer.end();');
    t.ok(kills > 50, `${kills} backends terminated in ${FAULT_MS / 1000} s`);
    // On an exit, the process's last output says why (it failed once in CI, 1 in 15 runs or rarer).
    t.equal(app.child.exitCode, null, "the process survived terminated connections",
      app.child.exitCode === null ? {} : { output: app.output() });

    // Service returns by itself once the connections may live again.
    const afterKills = Date.now();
    await waitFor("a booking after the kills", async () => ((await book(tokenOf(users[0]), randomUUID())) === "ok" ? true : undefined), 10_000, 50);
    const killRecoveryMs = Date.now() - afterKills;
    trace('const killRecoveryMs = Date.now() - afte');
    t.ok(killRecoveryMs <= 2000, `bookings succeed again ${killRecoveryMs} ms after the kills stop`);

    // One restart of the server: 503 EVDBU with Retry-After while it is down, /ready not ready.
    await cluster.stop("fast");
    trace("stopped");
    const down = await fetch(`${base}/api/v1/events/${event}`).catch((error: Error) => {
      throw new Error(`no answer while the database is down (exit code ${app.child.exitCode}): ${error.message} ${String((error.cause as Error)?.message)}\n${app.output()}`);
    });
    const downBody = (await down.json()) as { code?: string };
    t.equal(down.status, 503, "a request while the database is down fails fast with 503");
    t.equal(downBody.code, "EVDBU");
    t.ok(down.headers.get("retry-after"), "with Retry-After");
    t.equal((await fetch(`${base}/ready`)).status, 503, "/ready says not ready");
    t.equal((await fetch(`${base}/health`)).status, 503, "/health says the database is unreachable");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await cluster.start();
    trace('await cluster.start();');
    const restarted = Date.now();
    await waitFor("a booking after the restart", async () => ((await book(tokenOf(users[1]), randomUUID())) === "ok" ? true : undefined), 10_000, 50);
    const restartRecoveryMs = Date.now() - restarted;
    trace('const restartRecoveryMs = Date.now() - r');
    t.ok(restartRecoveryMs <= 2000, `bookings succeed again ${restartRecoveryMs} ms after the server answers`);

    running = false;
    await Promise.all(bookers);
    trace('await Promise.all(bookers);');
    t.equal(app.child.exitCode, null, "the process is still running");
    t.same(exits, [], "it never exited");

    // The worker resumes by itself: /ready (migrations current, worker heartbeat) within its restart backoff.
    await waitFor("/ready", async () => ((await fetch(`${base}/ready`)).status === 200 ? true : undefined), 15_000, 200);
    t.pass("/ready is ready again (the job worker restarted by itself)");
    trace("ready");

    // Every acknowledged booking exists; no key made two bookings; counters equal rows.
    const ids = [...acknowledged.values()];
    const { rows } = await db.pool.query<{ n: number }>("select count(*)::int as n from evently.bookings where id = any($1::uuid[])", [ids]);
    t.equal(rows[0].n, ids.length, `all ${ids.length} acknowledged bookings exist`);
    t.equal(new Set(ids).size, ids.length, "no two keys were answered with the same booking");
    const { rows: total } = await db.pool.query<{ n: number }>("select count(*)::int as n from evently.bookings where event_id = $1", [event]);
    t.ok(
      total[0].n >= ids.length && total[0].n <= ids.length + unanswered.size,
      `${total[0].n} bookings: the ${ids.length} acknowledged plus at most the ${unanswered.size} keys never answered (retried keys made no duplicates)`,
    );
    t.same(await counterMismatches(db, [event]), [], "counters equal rows");
    t.equal(problemsWithoutCode, 0, "every 5xx carried a registered code");
    t.equal(retryAfterMissing, 0, "every 503 carried Retry-After");
    t.notOk(seen.has("500"), "no 500");
    trace(`answers: ${JSON.stringify(Object.fromEntries(seen))}; recovery after kills ${killRecoveryMs} ms, after restart ${restartRecoveryMs} ms`);
  });
}
