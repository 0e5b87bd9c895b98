// Idle connections an API process keeps (API_POOL_MIN, default API_POOL_SIZE): a new
// session's first booking costs the server 10-25 ms, so a rush after a quiet spell should
// find the sessions the last one opened. pg-pool closes idle clients beyond its `min`.
import t from "tap";
import { randomBytes } from "node:crypto";
import { createTestDb } from "../helpers.ts";
import { fleet, sleep } from "../fleet.ts";
import { makePool } from "../../src/db/pool.ts";
import { log } from "../../src/log.ts";

const db = await createTestDb(t);

/** Sessions of this database with that application_name (and login, when given). */
async function sessions(applicationName: string, login?: string): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = $1 and ($2::text is null or usename = $2)`,
    [applicationName, login ?? null],
  );
  return rows[0].n;
}

/** The test database's owner URL, its sessions named `name`. */
function namedUrl(name: string, options?: string): string {
  const url = new URL(db.url);
  url.searchParams.set("application_name", name);
  if (options) url.searchParams.set("options", options);
  return url.href;
}

/** Opens `n` clients at once (so the pool makes n connections), then releases them all. */
async function burst(pool: ReturnType<typeof makePool>, n: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
  for (const client of clients) client.release();
}

t.test("makePool keeps min connections past the idle timeout, and closes the rest", async (t) => {
  for (const min of [2, 0]) {
    const name = `pool-min-${min}`;
    const pool = makePool(namedUrl(name), 4, { min, idleTimeoutMillis: 200 });
    t.teardown(() => pool.end());
    await burst(pool, 4);
    t.equal(await sessions(name), 4, `min ${min}: the burst opened 4 sessions`);
    await sleep(800);
    t.equal(pool.totalCount, min, `min ${min}: the pool holds ${min} after the idle timeout`);
    t.equal(await sessions(name), min, `min ${min}: the server has ${min} sessions of it`);
  }
});

t.test("min above max is max", async (t) => {
  const pool = makePool(namedUrl("pool-min-over"), 2, { min: 5, idleTimeoutMillis: 200 });
  t.teardown(() => pool.end());
  await burst(pool, 2);
  await sleep(800);
  t.equal(pool.totalCount, 2);
});

t.test("npm start keeps its request pool's sessions while idle, unless API_POOL_MIN says fewer", async (t) => {
  const f = fleet(t, {
    db,
    jwtSecret: randomBytes(32).toString("base64url"),
    // Nothing else uses the request pool while the test waits.
    env: { LIVE_UPDATES_RELAY_MS: "0", API_POOL_SIZE: "4", RATE_LIMIT_PER_MINUTE: "100000" },
  });
  const run = async (name: string, env: Record<string, string>) => {
    const api = await f.api(name, env);
    await f.healthy(api);
    const answers = await Promise.all(Array.from({ length: 40 }, () => fetch(`${api.url}/api/v1/events`)));
    t.same([...new Set(answers.map((r) => r.status))], [200], "40 concurrent reads answered");
    await Promise.all(answers.map((r) => r.arrayBuffer()));
    const requestSessions = () => sessions(name, "evently_authenticator");
    return { opened: await requestSessions(), after: requestSessions };
  };
  const kept = await run("pool-min-kept", {});
  const fewer = await run("pool-min-one", { API_POOL_MIN: "1" });
  t.ok(kept.opened >= 2 && fewer.opened >= 2, `the reads opened several sessions (${kept.opened}, ${fewer.opened})`);
  // pg-pool's idle timeout is 10 s.
  await sleep(11_000);
  t.equal(await kept.after(), kept.opened, "default: every session stays open after 11 s idle");
  t.equal(await fewer.after(), 1, "API_POOL_MIN=1: one stays");
});

t.test("a session the server ends for idle_session_timeout is dropped quietly; the next query opens another", async (t) => {
  const pool = makePool(namedUrl("pool-min-idle-timeout", "-c idle_session_timeout=300"), 2, { min: 2 });
  t.teardown(() => pool.end());
  const warnings: unknown[] = [];
  const warn = log.warn;
  log.warn = ((...args: unknown[]) => void warnings.push(args)) as typeof log.warn;
  t.teardown(() => void (log.warn = warn));
  await burst(pool, 2);
  await sleep(1_000);
  t.equal(pool.totalCount, 0, "both idle sessions were ended by the server and dropped");
  t.same(warnings, [], "no warning: the server's own setting, not an outage");
  const { rows } = await pool.query("select 1 as one");
  t.same(rows, [{ one: 1 }], "the pool opens a new session");
});
