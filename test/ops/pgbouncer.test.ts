// Everything the API does works through PgBouncer in transaction mode (Debian's 1.18: no
// protocol-level prepared statements): REST and GraphQL, the role and claims switched per
// transaction with set_config(…, true), rate limits, batched bookings under concurrency —
// with 3 server connections behind the app's 10, so transactions of different requests
// really share server connections. A control shows the multiplexing is real: with named
// prepared statements, requests fail.
import t from "tap";
import pg from "pg";
import { counterMismatches, createEvent, createTestDb, createUser, createUsers } from "../helpers.ts";
import { startApi, tokenFor } from "../rest/client.ts";
import { PGBOUNCER_MISSING, findPgBouncer, startPgBouncer } from "../pgbouncer.ts";
import { config } from "../../src/config.ts";
import { log } from "../../src/log.ts";

if (!findPgBouncer()) {
  if (process.env.CI) t.fail(PGBOUNCER_MISSING);
  else t.plan(0, PGBOUNCER_MISSING);
} else {
  const db = await createTestDb(t);
  const server = new URL(process.env.EVENTLY_TEST_ADMIN_URL!);
  const bouncer = await startPgBouncer({
    serverHost: server.hostname,
    serverPort: Number(server.port || 5432),
    users: { evently_authenticator: process.env.EVENTLY_TEST_AUTH_PASSWORD! },
    poolSize: 3,
  });
  t.teardown(() => bouncer.stop());
  config.authDatabasePooler = "transaction";
  const through = { ...db, authUrl: bouncer.through(db.authUrl) };
  const api = await startApi(t, through, { rateLimit: { points: 1000, durationSeconds: 60 } });
  const admin = await createUser(db, { admin: true });

  t.test("REST and GraphQL through PgBouncer: accounts, browsing, holds, bookings, cancellations", async (t) => {
    const email = `bouncer-${Date.now()}@example.com`;
    t.equal((await api.call("post", "/api/v1/auth/register", { body: { email, password: "correct horse battery", name: "B" } })).status, 201);
    const login = await api.call("post", "/api/v1/auth/login", { body: { email, password: "correct horse battery" } });
    t.equal(login.status, 200);
    const token = login.body.token as string;
    const event = await createEvent(db, admin, { capacity: 10 });
    t.equal((await api.call("get", `/api/v1/events/${event}`)).status, 200, "anonymous read");
    const hold = await api.call("post", "/api/v1/holds", { token, body: { event_id: event, quantity: 2 } });
    t.equal(hold.status, 201, "hold");
    const confirmed = await api.call("post", `/api/v1/holds/${hold.body.id}/confirm`, { token, headers: { "idempotency-key": "b-1" } });
    t.equal(confirmed.status, 201, "confirm");
    const mine = await api.call("get", "/api/v1/bookings", { token });
    t.same(mine.body.map((b: { id: string }) => b.id), [confirmed.body.id], "my bookings: my own, read back at once");
    t.equal((await api.call("post", `/api/v1/bookings/${confirmed.body.id}/cancel`, { token })).status, 200, "cancel");

    const gql = async (query: string, variables: Record<string, unknown> = {}, bearer?: string) =>
      (await fetch(`${api.base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify({ query, variables }),
      })).json() as Promise<any>;
    const auth = await gql(`mutation ($e: String!) { authenticate(input: {email: $e, password: "correct horse battery"}) { result } }`, { e: email });
    t.ok(auth.data?.authenticate?.result, `GraphQL authenticate ${JSON.stringify(auth.errors ?? "")}`);
    const booked = await gql(`mutation ($e: UUID!) { bookTickets(input: {eventId: $e, quantity: 1}) { result { quantity } } }`, { e: event }, auth.data.authenticate.result);
    t.same(booked.data?.bookTickets?.result, { quantity: 1 }, `GraphQL bookTickets ${JSON.stringify(booked.errors ?? "")}`);
    const me = await gql(`{ currentUser { email } }`, {}, auth.data.authenticate.result);
    t.equal(me.data?.currentUser?.email, email, "GraphQL currentUser");
    t.equal((await api.call("get", "/health")).status, 200, "/health");
  });

  t.test("every request acts as its own user and role, though transactions share 3 server connections", async (t) => {
    const users = await createUsers(db, 40);
    const replies = await Promise.all(
      users.flatMap((u, i) => [
        api.call("get", "/api/v1/me", { token: tokenFor(u) }).then((r) => ({ expected: u, got: r.body?.id, status: r.status })),
        // Anonymous and admin requests interleaved with them.
        i % 4 === 0
          ? api.call("get", "/api/v1/events").then((r) => ({ expected: "anonymous", got: r.status === 200 ? "anonymous" : r.status, status: r.status }))
          : api.call("get", "/api/v1/admin/analytics/summary", { token: tokenFor(admin, true) }).then((r) => ({ expected: "admin", got: r.status === 200 ? "admin" : r.status, status: r.status })),
      ]),
    );
    t.same(replies.filter((r) => r.expected !== r.got), [], "no request saw another one's identity");
    // Nothing was left behind on the server connections: set_config(…, true) is local to
    // each transaction.
    const direct = new pg.Pool({ connectionString: through.authUrl, max: 3 });
    t.teardown(() => direct.end());
    const leftovers = await Promise.all(
      Array.from({ length: 6 }, () =>
        direct.query("select current_user as who, coalesce(current_setting('jwt.claims.user_id', true), '') as claims, current_setting('statement_timeout') as timeout"),
      ),
    );
    t.same(
      [...new Set(leftovers.map((r) => JSON.stringify(r.rows[0])))],
      [JSON.stringify({ who: "evently_authenticator", claims: "", timeout: "0" })],
      "the server connections carry no role, claims or timeout of earlier requests",
    );
  });

  t.test("rate limits and batched bookings under concurrency", async (t) => {
    const limited = await startApi(t, through, { rateLimit: { points: 5, ipPoints: 10_000, durationSeconds: 60 } });
    const user = await createUser(db);
    const target = await createEvent(db, admin, { capacity: 100, maxPerUser: 100 });
    const statuses = (await Promise.all(Array.from({ length: 12 }, () =>
      limited.call("post", "/api/v1/bookings", { token: tokenFor(user), body: { event_id: target, quantity: 1 } })))).map((r) => r.status);
    t.same([statuses.filter((s) => s === 201).length, statuses.filter((s) => s === 429).length], [5, 7], "the user's limit: 5 pass, 7 are refused (EVRAT)");

    const hot = await createEvent(db, admin, { capacity: 60 });
    const buyers = await createUsers(db, 150);
    const results = await Promise.all(buyers.map((u, i) =>
      api.call("post", "/api/v1/bookings", { token: tokenFor(u), body: { event_id: hot, quantity: 1 }, headers: { "idempotency-key": `hot-${i}` } })));
    const count = (s: number) => results.filter((r) => r.status === s).length;
    t.same({ booked: count(201), soldOut: count(409), other: results.length - count(201) - count(409) }, { booked: 60, soldOut: 90, other: 0 }, "exactly the capacity is sold");
    const retries = await Promise.all(buyers.slice(0, 20).map((u, i) =>
      api.call("post", "/api/v1/bookings", { token: tokenFor(u), body: { event_id: hot, quantity: 1 }, headers: { "idempotency-key": `hot-${i}` } })));
    const { rows: [rows] } = await db.pool.query("select count(*)::int as n from evently.bookings where event_id = $1", [hot]);
    t.equal(rows.n, 60, `keyed retries made no duplicates (${retries.filter((r) => r.status === 201).length} replayed)`);
    t.same(await counterMismatches(db), [], "counters equal rows");
  });

  t.test("control: with named prepared statements, the same requests fail through PgBouncer", async (t) => {
    const level = log.level;
    log.level = "silent"; // the failures below are the point
    config.authDatabasePooler = "none";
    try {
      const users = await createUsers(db, 30);
      const replies = await Promise.all(users.map((u) => api.call("get", "/api/v1/me", { token: tokenFor(u) }).catch(() => ({ status: 0 }))));
      const failed = replies.filter((r) => r.status !== 200).length;
      t.ok(failed > 0, `${failed} of 30 failed: the transactions really moved between server connections`);
    } finally {
      config.authDatabasePooler = "transaction";
      log.level = level;
    }
  });
}
