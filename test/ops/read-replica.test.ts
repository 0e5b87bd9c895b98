// READ_DATABASE_URL against a real streaming replica, built here with pg_basebackup from a
// primary of this test's own: which reads it serves, that decisions and a user's own data
// stay on the primary, and the fallback to the primary when the replica lags beyond its
// bound or is down (with the lag in /metrics).
import t from "tap";
import pg from "pg";
import { createEvent, createUser, sqlAs } from "../helpers.ts";
import { createSeatedEvent, createSeatedVenue } from "../seat-helpers.ts";
import { startApi, tokenFor, type Api } from "../rest/client.ts";
import { createClusterDb, pgToolsOrSkip, runTool, startCluster } from "../pg-cluster.ts";
import { waitFor } from "../support.ts";
import { ReadRouting } from "../../src/db/replica.ts";
import { withCredentials } from "../../src/db/authenticator.ts";
import { log } from "../../src/log.ts";

// The replica is stopped on purpose below: its warnings are expected here.
log.level = "error";

const tools = pgToolsOrSkip(t);
if (tools) {
  const primary = await startCluster(t, tools);
  const db = await createClusterDb(t, primary);
  const replica = await startCluster(t, tools, {
    create: (dir) =>
      runTool(tools, "pg_basebackup", ["-D", dir, "-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-X", "stream", "-R", "--checkpoint=fast"], {
        asServerUser: true,
      }).then(() => undefined),
  });
  const replicaAdmin = new pg.Client({ connectionString: replica.url("evently") });
  await replicaAdmin.connect();
  replicaAdmin.on("error", () => {}); // ended by the stop below
  t.teardown(() => replicaAdmin.end().catch(() => {}));
  // (No assertion at the top level before the subtests: tap would end the file there.)
  const { rows: [standby] } = await replicaAdmin.query("select pg_is_in_recovery() as yes");
  if (!standby.yes) throw new Error("pg_basebackup -R did not make a standby");

  const routing = new ReadRouting(db.pool, {
    url: withCredentials(replica.url("evently"), "evently_authenticator", "unused (trust)"),
    maxLagMs: 2000,
    probeMs: 200,
  });
  await routing.start();
  t.teardown(() => routing.close());
  const api: Api = await startApi(t, db, { readReplica: routing });

  const admin = await createUser(db, { admin: true });
  const user = await createUser(db);
  const event = await createEvent(db, admin, { capacity: 50 });
  const venue = await createSeatedVenue(db, admin, [{ name: "Stalls", rows: 2, seatsPerRow: 5 }]);
  const seated = await createSeatedEvent(db, admin, venue);

  async function metric(name: string, labels = ""): Promise<number> {
    const text = await (await fetch(`${api.base}/metrics`)).text();
    const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `) || (labels === "" && l.startsWith(`${name} `)));
    return line ? Number(line.split(" ").pop()) : Number.NaN;
  }
  const reads = async () => ({
    replica: (await metric("evently_db_reads_total", '{target="replica"}')) || 0,
    primary: (await metric("evently_db_reads_total", '{target="primary"}')) || 0,
  });
  async function gql(query: string, token?: string): Promise<any> {
    const res = await fetch(`${api.base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return res.json();
  }
  // Caught up: the replica has replayed everything the primary has written so far (the lag
  // metric alone comes from a probe up to 200 ms old, which may predate the last write), and
  // the router uses it.
  const caughtUp = async () => {
    const { rows: [{ lsn }] } = await db.pool.query("select pg_current_wal_lsn()::text as lsn");
    // A connection per look: the replica is stopped and started again by a test below.
    await waitFor("the replica to replay the primary's writes", async () => {
      const client = new pg.Client({ connectionString: replica.url("evently") });
      client.on("error", () => {});
      try {
        await client.connect();
        return (await client.query("select pg_last_wal_replay_lsn() >= $1::pg_lsn as done", [lsn])).rows[0].done ? true : undefined;
      } catch {
        return undefined;
      } finally {
        await client.end().catch(() => {});
      }
    }, 20_000);
    await waitFor("the replica to catch up and be used", async () => ((await metric("evently_replica_in_use")) === 1 && (await metric("evently_replica_lag_seconds")) === 0 ? true : undefined), 20_000);
  };

  t.test("browsing, seat maps and analytics read from the replica; the rest from the primary", async (t) => {
    await caughtUp();
    const userToken = tokenFor(user);
    const adminToken = tokenFor(admin, true);
    const expectations: Array<[string, () => Promise<unknown>, boolean]> = [
      ["anonymous event list", () => api.call("get", "/api/v1/events"), true],
      ["anonymous event", () => api.call("get", `/api/v1/events/${event}`), true],
      ["anonymous venues", () => api.call("get", "/api/v1/venues"), true],
      ["a seat map, signed in", () => api.call("get", `/api/v1/events/${seated}/seats`, { token: userToken }), true],
      ["admin analytics", () => api.call("get", "/api/v1/admin/analytics/summary", { token: adminToken }), true],
      ["anonymous GraphQL query", () => gql("{ upcomingEvents(first: 5) { nodes { id } } }"), true],
      ["GraphQL seat map, signed in", () => gql(`{ eventSeatMap(eventId: "${seated}", first: 3) { nodes { seatId } } }`, userToken), true],
      ["the same list, signed in", () => api.call("get", "/api/v1/events", { token: userToken }), false],
      ["my bookings", () => api.call("get", "/api/v1/bookings", { token: userToken }), false],
      ["a hold", () => api.call("post", "/api/v1/holds", { token: userToken, body: { event_id: event, quantity: 1 } }), false],
      ["GraphQL query, signed in", () => gql("{ upcomingEvents(first: 5) { nodes { id } } }", userToken), false],
      ["GraphQL mutation, anonymous", () => gql(`mutation { register(input: {email: "r${Date.now()}@example.com", password: "long enough password", name: "R"}) { clientMutationId } }`), false],
    ];
    for (const [what, call, onReplica] of expectations) {
      const before = await reads();
      const result = (await call()) as { status?: number; errors?: unknown };
      t.ok(result.status === undefined ? !result.errors : result.status < 300, `${what}: answered ${JSON.stringify(result.errors ?? result.status ?? "")}`);
      const after = await reads();
      t.same(
        { replica: after.replica - before.replica, primary: after.primary - before.primary },
        onReplica ? { replica: 1, primary: 0 } : { replica: 0, primary: 0 },
        `${what}: ${onReplica ? "the replica" : "the primary"}`,
      );
    }
  });

  t.test("a lagging replica serves until the bound, then reads fall back to the primary", async (t) => {
    await caughtUp();
    await replicaAdmin.query("select pg_wal_replay_pause()");
    const late = await createEvent(db, admin, { capacity: 5 });
    // Within the bound: the replica answers, without the new event; the user's own read
    // goes to the primary and sees it.
    t.equal((await api.call("get", `/api/v1/events/${late}`)).status, 404, "anonymous: the replica does not have it yet");
    t.equal((await api.call("get", `/api/v1/events/${late}`, { token: tokenFor(user) })).status, 200, "signed in: the primary has it");
    const hold = await api.call("post", "/api/v1/holds", { token: tokenFor(user), body: { event_id: late, quantity: 1 } });
    t.equal(hold.status, 201, "decisions are made on the primary while the replica lags");
    t.equal((await api.call("get", `/api/v1/holds/${hold.body.id}`, { token: tokenFor(user) })).status, 200, "and the user reads their own hold back at once");

    const started = Date.now();
    const lag = await waitFor("lag beyond the bound", async () => {
      const seconds = await metric("evently_replica_lag_seconds");
      return (await metric("evently_replica_in_use")) === 0 && seconds > 2 ? seconds : undefined;
    }, 20_000);
    t.ok(lag > 2, `/metrics shows the lag (${lag.toFixed(2)} s) and the replica out of use after ${Date.now() - started} ms`);
    t.equal(await metric("evently_replica_max_lag_seconds"), 2, "and the bound");
    const before = await reads();
    t.equal((await api.call("get", `/api/v1/events/${late}`)).status, 200, "anonymous reads now come from the primary");
    t.equal((await reads()).primary - before.primary, 1, "counted as a fallback to the primary");

    await replicaAdmin.query("select pg_wal_replay_resume()");
    await caughtUp();
    const back = await reads();
    t.equal((await api.call("get", `/api/v1/events/${late}`)).status, 200, "caught up: the replica has it");
    t.equal((await reads()).replica - back.replica, 1, "and serves again");
  });

  t.test("a replica that is down: reads go to the primary at once, and come back with it", async (t) => {
    await caughtUp();
    await replica.stop("fast");
    const before = await reads();
    for (let i = 0; i < 5; i++) t.equal((await api.call("get", "/api/v1/events")).status, 200, `anonymous read ${i + 1} while the replica is down`);
    const after = await reads();
    t.equal(after.primary - before.primary, 5, "all five from the primary");
    await waitFor("the probe to notice", async () => (Number.isNaN(await metric("evently_replica_lag_seconds")) ? true : undefined));
    t.equal(await metric("evently_replica_in_use"), 0, "/metrics: not in use");

    await replica.start();
    await caughtUp();
    const again = await reads();
    t.equal((await api.call("get", "/api/v1/events")).status, 200);
    t.equal((await reads()).replica - again.replica, 1, "the replica serves again once it is back");
  });

  t.test("share of a browsing-heavy mix served by the replica", async (t) => {
    await caughtUp();
    const userToken = tokenFor(user);
    const before = await reads();
    let requests = 0;
    // 8 of 10 requests browse anonymously, 1 shows a seat map, 1 decides (a hold, released).
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 8; j++) {
        await api.call("get", j % 2 ? "/api/v1/events" : `/api/v1/events/${event}`);
        requests++;
      }
      await api.call("get", `/api/v1/events/${seated}/seats`, { token: userToken });
      const hold = await api.call("post", "/api/v1/holds", { token: userToken, body: { event_id: event, quantity: 1 } });
      t.equal(hold.status, 201);
      await sqlAs(db.pool, user, "select evently.release_hold($1)", [hold.body.id]);
      requests += 2;
    }
    const after = await reads();
    const replicaReads = after.replica - before.replica;
    t.equal(replicaReads, 180, "every browsing and seat-map request went to the replica");
    t.equal(after.primary - before.primary, 0, "none fell back");
    t.comment(`replica routing share: ${replicaReads} of ${requests} requests (${Math.round((100 * replicaReads) / requests)} %)`);
  });
}
