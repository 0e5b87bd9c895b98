// Signed webhooks end to end: the outbox, the relay and deliver_webhook jobs on a real
// graphile-worker runner, to a real local HTTP receiver that verifies every signature
// with the standardwebhooks package (the reference implementation, not our signer).
import t from "tap";
import { Webhook } from "standardwebhooks";
import type { Runner } from "graphile-worker";
import { createEvent, createTestDb, createUser, sqlAs } from "../helpers.ts";
import { startWorker } from "../../src/worker.ts";
import { makeMailer } from "../../src/notifications/mailer.ts";
import { startReceiver, type Received } from "../webhook-receiver.ts";
import { waitFor } from "../support.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });
const receiver = await startReceiver(t, "x".repeat(3000)); // answers 3 kB: only 1 kB is kept
const SECRET = `whsec_${Buffer.from("evently-webhook-test-secret-32-bytes!!").toString("base64")}`;

async function endpoint(path: string, types: string[], secret: string | null = SECRET): Promise<{ id: string; secret: string }> {
  const [e] = await sqlAs<{ id: string; secret: string }>(db.pool, admin, "select id, secret from evently.create_webhook_endpoint(url => $1, event_types => $2, secret => $3)",
    [`${receiver.url}${path}`, types, secret]);
  return e;
}
async function deliveries(endpointId: string) {
  const { rows } = await db.pool.query(
    `select d.*, w.type from evently.webhook_deliveries d join evently.webhook_events w on w.id = d.webhook_event_id
      where d.endpoint_id = $1 order by d.created_at, d.id`, [endpointId]);
  return rows;
}
async function settled(endpointId: string, count: number, status = "delivered") {
  return waitFor(`${count} ${status} deliveries`, async () => {
    const rows = await deliveries(endpointId);
    return rows.filter((r) => r.status === status).length >= count ? rows : undefined;
  }, 30_000, 100);
}
/** Verifies with the reference implementation; returns the parsed payload. */
function verified(r: Received, secret = SECRET): any {
  return new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
}

let runner: Runner;
t.before(async () => {
  runner = await startWorker({
    pgPool: db.newPool(6), concurrency: 4, pollInterval: 100, crontab: false,
    mailer: makeMailer(undefined, "Evently <no-reply@evently.local>"),
    webhooks: { allowPrivate: ["127.0.0.1"], timeoutMs: 1500 },
  });
});
t.teardown(() => runner?.stop());

t.test("a booking is delivered signed, once per endpoint that wants it; the answer is capped at 1 kB", async (t) => {
  const wants = await endpoint("/bookings", ["booking.confirmed", "booking.cancelled"]);
  const other = await endpoint("/other", ["event.cancelled"]);
  const event = await createEvent(db, admin, { capacity: 10, priceCents: 500 });
  const user = await createUser(db);
  const [booking] = await sqlAs(db.pool, user, "select * from evently.book_tickets($1, 2)", [event]);

  const got = await receiver.waitFor((r) => r.path === "/bookings" && r.body.includes(booking.id));
  const payload = verified(got);
  t.equal(payload.type, "booking.confirmed");
  t.same(payload.data, { event_id: event, user_id: user, booking_id: booking.id, quantity: 2, total_cents: 1000 });
  t.notOk(got.body.includes("code"), "ticket codes are not sent to organizers");
  const [row] = await settled(wants.id, 1);
  t.equal(got.headers["webhook-id"], `msg_${row.webhook_event_id.replaceAll("-", "")}`, "webhook-id names the event");
  t.match(got.headers["webhook-signature"], /^v1,[A-Za-z0-9+/]+=*$/);
  t.ok(Math.abs(Number(got.headers["webhook-timestamp"]) - Date.now() / 1000) < 30, "webhook-timestamp is now, in seconds");
  t.same([row.status, row.attempts, row.response_status], ["delivered", 1, 200]);
  t.equal(Buffer.byteLength(row.response_body), 1024, "at most 1 kB of the answer is stored");
  t.throws(() => new Webhook(`whsec_${Buffer.from("another-secret-of-thirty-two-bytes!!").toString("base64")}`)
    .verify(got.body, got.headers as Record<string, string>), "another secret does not verify");
  t.same(await deliveries(other.id), [], "an endpoint that does not want the type gets nothing");

  await sqlAs(db.pool, user, "select evently.cancel_booking($1)", [booking.id]);
  const cancelled = await receiver.waitFor((r) => r.path === "/bookings" && verified(r).type === "booking.cancelled");
  t.same(verified(cancelled).data, { event_id: event, user_id: user, booking_id: booking.id, quantity: 2 });
});

t.test("a 500 is retried with backoff: same id and body, signed again, then delivered", async (t) => {
  const e = await endpoint("/flaky", ["booking.confirmed"]);
  const event = await createEvent(db, admin, { capacity: 10 });
  receiver.script("/flaky", { status: 500, body: "oops" });
  const [booking] = await sqlAs(db.pool, await createUser(db), "select id from evently.book_tickets($1, 1)", [event]);
  const first = await receiver.waitFor((r) => r.path === "/flaky" && r.body.includes(booking.id));
  const failed = await waitFor("the failed attempt recorded", async () => {
    const [d] = await deliveries(e.id);
    return d?.attempts === 1 ? d : undefined;
  });
  t.same([failed.status, failed.response_status, failed.response_body, failed.last_error], ["pending", 500, "oops", "HTTP 500"]);
  // graphile-worker records the failure just after the task threw.
  const job = await waitFor("the job's failure recorded", async () => {
    const { rows: [j] } = await db.pool.query("select run_at > now() + interval '1 second' as later, attempts, last_error from graphile_worker.jobs where key = $1",
      [`deliver_webhook:${failed.id}`]);
    return j?.attempts === 1 && j.last_error ? j : undefined;
  });
  t.ok(job.later, "the retry is scheduled later (graphile-worker's exponential backoff)");
  const [done] = await settled(e.id, 1);
  t.same([done.attempts, done.response_status, done.last_error], [2, 200, null]);
  const both = receiver.received.filter((r) => r.path === "/flaky" && r.body.includes(booking.id));
  t.equal(both.length, 2);
  t.equal(both[1].headers["webhook-id"], first.headers["webhook-id"], "the retry carries the same webhook-id");
  t.equal(both[1].body, first.body, "and the same body");
  verified(both[0]);
  verified(both[1]);
});

t.test("a rolled-back booking sends nothing", async (t) => {
  const e = await endpoint("/rollback", ["booking.confirmed"]);
  const event = await createEvent(db, admin, { capacity: 10 });
  const user = await createUser(db);
  const client = await db.pool.connect();
  await client.query("begin");
  await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [user]);
  const { rows: [rolledBack] } = await client.query("select id from evently.book_tickets($1, 1)", [event]);
  await client.query("rollback");
  client.release();
  const [later] = await sqlAs(db.pool, await createUser(db), "select id from evently.book_tickets($1, 1)", [event]);
  await receiver.waitFor((r) => r.path === "/rollback" && r.body.includes(later.id));
  await settled(e.id, 1);
  t.notOk(receiver.received.some((r) => r.body.includes(rolledBack.id)), "no request for the rolled-back booking");
  const { rows } = await db.pool.query("select count(*)::int as n from evently.webhook_events where data->>'booking_id' = $1", [rolledBack.id]);
  t.equal(rows[0].n, 0, "not even an outbox row");
  t.equal((await deliveries(e.id)).length, 1);
});

t.test("an admin replays a delivery: a new delivery, same webhook-id and body", async (t) => {
  const e = await endpoint("/replay", ["booking.confirmed"]);
  const event = await createEvent(db, admin, { capacity: 10 });
  const [booking] = await sqlAs(db.pool, await createUser(db), "select id from evently.book_tickets($1, 1)", [event]);
  const [original] = await settled(e.id, 1);
  const [replay] = await sqlAs(db.pool, admin, "select * from evently.replay_webhook_delivery($1)", [original.id]);
  t.same([replay.replay_of, replay.status, replay.attempts], [original.id, "pending", 0]);
  const rows = await settled(e.id, 2);
  t.equal(rows.find((r) => r.id === replay.id).status, "delivered");
  const sent = receiver.received.filter((r) => r.path === "/replay" && r.body.includes(booking.id));
  t.equal(sent.length, 2, "sent twice");
  t.equal(sent[1].headers["webhook-id"], sent[0].headers["webhook-id"]);
  t.equal(sent[1].body, sent[0].body);
  verified(sent[1]);
  const { rows: [audit] } = await db.pool.query("select actor_id from evently.audit_log where action = 'webhook_delivery.replayed' and details->>'delivery_id' = $1", [replay.id]);
  t.equal(audit.actor_id, admin, "audited");
});

t.test("event.sold_out from the booking that sells the last ticket; event.cancelled; a rotated secret signs", async (t) => {
  const e = await endpoint("/events", ["event.sold_out", "event.cancelled"], null);
  t.match(e.secret, /^whsec_[A-Za-z0-9+/]{43}=$/, "a generated 32-byte secret");
  const event = await createEvent(db, admin, { capacity: 3 });
  await sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 2)", [event]);
  await sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event]);
  const sold = await receiver.waitFor((r) => r.path === "/events" && r.body.includes(event));
  const payload = verified(sold, e.secret);
  t.equal(payload.type, "event.sold_out");
  t.same([payload.data.event_id, payload.data.capacity], [event, 3]);
  await settled(e.id, 1);
  const [rotated] = await sqlAs(db.pool, admin, "select secret from evently.rotate_webhook_secret($1)", [e.id]);
  t.not(rotated.secret, e.secret);
  await sqlAs(db.pool, admin, "select evently.cancel_event($1, 'storm')", [event]);
  const cancelled = await receiver.waitFor((r) => r.path === "/events" && r.body.includes("event.cancelled"));
  const c = verified(cancelled, rotated.secret);
  t.same([c.data.event_id, c.data.reason, c.data.bookings_cancelled, c.data.tickets_cancelled], [event, "storm", 2, 3]);
  t.equal((await settled(e.id, 2)).filter((d) => d.type === "event.sold_out").length, 1, "sold out once");
});

t.test("safety: private addresses refused after resolving, no redirects followed, short timeouts", async (t) => {
  const targets = {
    private: "http://10.255.255.1:9/hook",
    metadata: "http://169.254.169.254/latest/meta-data",
    loopbackNotAllowed: "http://127.0.0.2:9/hook",
    ipv6Loopback: "http://[::1]:9/hook",
    mapped: "http://[::ffff:10.0.0.1]:9/hook",
  };
  const ids: Record<string, string> = {};
  for (const [name, url] of Object.entries(targets)) {
    const [row] = await sqlAs(db.pool, admin, "select id from evently.create_webhook_endpoint($1, array['booking.confirmed'])", [url]);
    ids[name] = row.id;
  }
  const redirect = await endpoint("/redirect", ["booking.confirmed"]);
  const slow = await endpoint("/slow", ["booking.confirmed"]);
  receiver.script("/redirect", { status: 302, headers: { location: `${receiver.url}/elsewhere` } });
  receiver.script("/slow", "hang");
  const event = await createEvent(db, admin, { capacity: 10 });
  await sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event]);

  for (const [name, id] of Object.entries(ids)) {
    const d = await waitFor(`${name}: an attempt`, async () => (await deliveries(id)).find((r) => r.attempts > 0));
    t.equal(d.status, "pending", `${name}: not delivered (retried later)`);
    t.match(d.last_error, /^refused: .* is a private or special-purpose address/, `${name}: ${d.last_error}`);
    t.equal(d.response_status, null, `${name}: no request was made`);
  }
  const r = await waitFor("the redirect's attempt", async () => (await deliveries(redirect.id)).find((x) => x.attempts > 0));
  t.same([r.status, r.response_status, r.last_error], ["pending", 302, "HTTP 302"], "a redirect is a failed attempt");
  t.notOk(receiver.received.some((x) => x.path === "/elsewhere"), "the redirect was not followed");
  const s = await waitFor("the hanging receiver's attempt", async () => (await deliveries(slow.id)).find((x) => x.attempts > 0));
  t.match(s.last_error, /timed out after 1500 ms/);
});

t.test("inactive endpoints get no new deliveries; pending ones fail unsent; replay refused", async (t) => {
  const e = await endpoint("/inactive", ["booking.confirmed"]);
  const event = await createEvent(db, admin, { capacity: 10 });
  await sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event]);
  const [d] = await settled(e.id, 1);
  await sqlAs(db.pool, admin, "select evently.update_webhook_endpoint(endpoint_id => $1, active => false)", [e.id]);
  await sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event]);
  await waitFor("the outbox drained", async () =>
    (await db.pool.query("select 1 from evently.webhook_events where relayed_at is null")).rowCount === 0 ? true : undefined);
  t.equal((await deliveries(e.id)).length, 1, "no delivery for the inactive endpoint");
  const replay = sqlAs(db.pool, admin, "select evently.replay_webhook_delivery($1)", [d.id]);
  await t.rejects(replay, { code: "EVWHI" });
});
