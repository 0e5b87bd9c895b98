// /health, /ready (database, migrations, worker), /metrics, request ids, GraphQL limits.
import t from "tap";
import { createEvent, createTestDb, createUser } from "../helpers.ts";
import { startApi, tokenFor } from "./client.ts";
import { startWorker } from "../../src/worker.ts";
import { MAX_PAGE_SIZE } from "../../src/graphql/limits.ts";

const db = await createTestDb(t);
const api = await startApi(t, db);

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.base}${path}`, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${api.base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: unknown; errors?: Array<{ message: string }> };
}

t.test("/health answers while the database does", async (t) => {
  const res = await get("/health");
  t.equal(res.status, 200);
  t.same(JSON.parse(res.text), { status: "ok", database: "ok" });
});

t.test("/ready needs current migrations and a live worker", async (t) => {
  const before = await get("/ready");
  t.equal(before.status, 503, "no worker yet");
  t.match(JSON.parse(before.text), { migrations: "current", worker: "missing" });

  const runner = await startWorker({ pgPool: db.pool, concurrency: 1, crontab: false, pollInterval: 60_000 });
  const alive = await get("/ready");
  t.equal(alive.status, 200);
  t.match(JSON.parse(alive.text), { status: "ok", migrations: "current", worker: "alive" });
  await runner.stop();

  await db.pool.query("update evently_ops.worker_heartbeats set seen_at = now() - interval '5 minutes'");
  t.equal((await get("/ready")).status, 503, "a heartbeat older than 30 s is no worker");
  await db.pool.query("update evently_ops.worker_heartbeats set seen_at = now()");
  await db.pool.query("delete from graphile_migrate.migrations where filename = (select max(filename) from graphile_migrate.migrations)");
  const behind = await get("/ready");
  t.equal(behind.status, 503);
  t.match(JSON.parse(behind.text), { migrations: "behind" });
});

t.test("/metrics: latency by route, booking counters, job lag, pool", async (t) => {
  const adminId = await createUser(db, { admin: true });
  const userId = await createUser(db);
  const event = await createEvent(db, adminId, { capacity: 1 });
  await api.call("post", "/api/v1/holds", { token: tokenFor(userId), body: { event_id: event, quantity: 1 } });
  await api.call("post", "/api/v1/bookings", { token: tokenFor(userId), body: { event_id: event, quantity: 1 } });
  await api.call("get", `/api/v1/events/${event}`);
  await api.call("get", "/api/v1");
  await db.pool.query("select graphile_worker.add_job('sweep_expired_holds', '{}', run_at => now() - interval '42 seconds')");
  const res = await get("/metrics");
  t.equal(res.status, 200);
  t.match(res.text, /evently_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/events\/:id",status="200"\} 1/);
  t.match(res.text, /evently_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/bookings",status="409"\} 1/, "a group's own path, without a trailing slash");
  t.match(res.text, /evently_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/",status="200"\} 1/, "the API index");
  t.match(res.text, /evently_holds_created_total 1/);
  t.match(res.text, /evently_bookings_created_total 0/, "the booking was refused");
  t.match(res.text, /evently_sold_out_refusals_total 1/);
  const lag = Number(/^evently_job_lag_seconds (\S+)$/m.exec(res.text)?.[1]);
  t.ok(lag >= 42 && lag < 120, `job lag ${lag} s`);
  t.match(res.text, /evently_db_pool_connections\{state="total"\} \d+/);
  t.match(res.text, /^evently_counter_mismatches_open 0$/m);
  await db.pool.query("update evently.events set capacity = 10, booked = booked + 3 where id = $1", [event]);
  await db.pool.query("select evently_private.reconcile_counters()");
  t.match((await get("/metrics")).text, /^evently_counter_mismatches_open 1$/m, "a recorded mismatch shows up as a metric");
});

t.test("evently_bookings_created_total counts bookings made, not idempotent replays", async (t) => {
  const adminId = await createUser(db, { admin: true });
  const token = tokenFor(await createUser(db));
  const event = await createEvent(db, adminId, { capacity: 10 });
  const counted = async () => Number(/^evently_bookings_created_total (\d+)$/m.exec((await get("/metrics")).text)?.[1]);
  const before = await counted();
  const book = () => api.call("post", "/api/v1/bookings", { token, body: { event_id: event, quantity: 1 }, headers: { "idempotency-key": "order-1" } });
  const first = await book();
  const replay = await book();
  t.equal(replay.body.id, first.body.id, "the replay answers the same booking");
  t.notOk("created_now" in replay.body, "no internal column in the answer");
  t.equal(await counted(), before + 1, "one booking made, one counted");
  const hold = await api.call("post", "/api/v1/holds", { token, body: { event_id: event, quantity: 1 } });
  const confirm = () => api.call("post", `/api/v1/holds/${hold.body.id}/confirm`, { token, headers: { "idempotency-key": "confirm-1" } });
  t.equal((await confirm()).status, 201);
  t.equal((await confirm()).status, 201);
  t.equal(await counted(), before + 2, "a replayed confirm is not counted either");
});

t.test("request ids: kept from the caller or generated", async (t) => {
  t.equal((await get("/health", { "x-request-id": "trace-123" })).headers.get("x-request-id"), "trace-123");
  t.match((await get("/health")).headers.get("x-request-id"), /^[0-9a-f-]{36}$/);
});

t.test("GraphQL: depth limit and page-size cap", async (t) => {
  const shallow = await graphql("{ allEvents(first: 5) { nodes { id name } } }");
  t.notOk(shallow.errors, "ordinary queries pass");
  const tooMany = await graphql(`{ allEvents(first: ${MAX_PAGE_SIZE + 1}) { nodes { id } } }`);
  t.match(tooMany.errors?.[0].message, /at most 100/);
  const viaVariable = await graphql("query ($n: Int) { allEvents(first: $n) { nodes { id } } }", { n: 500 });
  t.match(viaVariable.errors?.[0].message, /at most 100/, "variables are checked too");
  let deep = "id";
  for (let i = 0; i < 6; i++) deep = `venueByVenueId { eventsByVenueId(first: 1) { nodes { ${deep} } } }`;
  const tooDeep = await graphql(`{ allEvents(first: 1) { nodes { ${deep} } } }`);
  t.match(tooDeep.errors?.[0].message, /depth limit/);
});
