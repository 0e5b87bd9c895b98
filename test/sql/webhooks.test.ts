// Webhook endpoints and the webhook outbox through SQL (no worker): admin CRUD with its
// checks and audit, secrets kept apart, one outbox row per change that an endpoint wants,
// none for a rolled-back change, the relay's fan-out into deliveries and jobs, attempts.
import t from "tap";
import { asUser, createEvent, createTestDb, createUser, sqlAs, sqlError, sqlState } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });
const user = await createUser(db);
const asAdmin = (text: string, values: unknown[] = []) => asUser(db.pool, admin, async (c) => (await c.query(text, values)).rows, "evently_admin");

t.test("endpoints: admins only, fields checked by name, secret shown once, audited", async (t) => {
  t.equal(await sqlState(sqlAs(db.pool, user, "select evently.create_webhook_endpoint('https://example.com/h', array['booking.confirmed'])")), "EVFBD");
  t.equal(await sqlState(sqlAs(db.pool, null, "select evently.create_webhook_endpoint('https://example.com/h', array['booking.confirmed'])")), "EVAUT");
  const bad: Array<[string, unknown[], string]> = [
    ["ftp://example.com/h", ["booking.confirmed"], "url"],
    ["https://", ["booking.confirmed"], "url"],
    ["https://user:pw@example.com/h", ["booking.confirmed"], "url"],
    ["https://exa mple.com/h", ["booking.confirmed"], "url"],
    ["https://example.com/h", [], "event_types"],
    ["https://example.com/h", ["booking.made"], "event_types"],
    ["https://example.com/h", ["booking.confirmed", "booking.confirmed"], "event_types"],
  ];
  for (const [url, types, field] of bad) {
    const e = await sqlError(sqlAs(db.pool, admin, "select evently.create_webhook_endpoint($1, $2)", [url, types]));
    t.same([e?.code, e?.detail], ["EVINV", field], `${url} ${JSON.stringify(types)}: EVINV ${field}`);
  }
  for (const secret of ["nope", "whsec_!!!!", `whsec_${Buffer.alloc(8).toString("base64")}`]) {
    const e = await sqlError(sqlAs(db.pool, admin, "select evently.create_webhook_endpoint('https://example.com/h', array['booking.confirmed'], $1)", [secret]));
    t.same([e?.code, e?.detail], ["EVINV", "secret"], `secret ${secret} refused`);
  }
  const [created] = await sqlAs(db.pool, admin,
    "select * from evently.create_webhook_endpoint(url => 'https://example.com/h', event_types => array['booking.confirmed', 'event.sold_out'], description => 'CRM')");
  t.match(created.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  t.same([created.url, created.event_types, created.description, created.active], ["https://example.com/h", ["booking.confirmed", "event.sold_out"], "CRM", true]);
  const [given] = await sqlAs(db.pool, admin, "select secret from evently.create_webhook_endpoint('http://example.com/x', array['event.cancelled'], $1)",
    [`whsec_${Buffer.alloc(24, 7).toString("base64")}`]);
  t.equal(given.secret, `whsec_${Buffer.alloc(24, 7).toString("base64")}`, "a provided secret is kept");

  const listed = await asAdmin("select * from evently.webhook_endpoints where id = $1", [created.id]);
  t.equal(listed.length, 1, "admins read endpoints");
  t.notOk("secret" in listed[0], "the table has no secret column");
  t.same(await sqlAs(db.pool, user, "select * from evently.webhook_endpoints"), [], "others read nothing");
  t.equal(await sqlState(asAdmin("select * from evently_private.webhook_secrets")), "42501", "no API role reads secrets");

  const [updated] = await sqlAs(db.pool, admin, "select * from evently.update_webhook_endpoint(endpoint_id => $1, active => false, url => 'https://example.org/h')", [created.id]);
  t.same([updated.active, updated.url, updated.event_types], [false, "https://example.org/h", ["booking.confirmed", "event.sold_out"]]);
  t.equal((await sqlError(sqlAs(db.pool, admin, "select evently.update_webhook_endpoint($1, event_types => array[]::text[])", [created.id])))?.detail, "event_types");
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.update_webhook_endpoint(gen_random_uuid(), active => true)")), "EVNFD");
  const [rotated] = await sqlAs(db.pool, admin, "select * from evently.rotate_webhook_secret($1)", [created.id]);
  t.not(rotated.secret, created.secret);
  t.equal(await sqlState(sqlAs(db.pool, user, "select evently.rotate_webhook_secret($1)", [created.id])), "EVFBD");
  await sqlAs(db.pool, admin, "select evently.delete_webhook_endpoint($1)", [created.id]);
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.delete_webhook_endpoint($1)", [created.id])), "EVNFD");
  const { rows: [secrets] } = await db.pool.query("select count(*)::int as n from evently_private.webhook_secrets where endpoint_id = $1", [created.id]);
  t.equal(secrets.n, 0, "the secret went with it");
  const { rows: audit } = await db.pool.query("select action from evently.audit_log where subject_id = $1 order by id", [created.id]);
  t.same(audit.map((r) => r.action), ["webhook_endpoint.created", "webhook_endpoint.updated", "webhook_endpoint.secret_rotated", "webhook_endpoint.deleted"]);
  await db.pool.query("delete from evently.webhook_endpoints");
});

t.test("the outbox: nothing without endpoints, one row per wanted change, none for a rollback", async (t) => {
  const event = await createEvent(db, admin, { capacity: 2 });
  await sqlAs(db.pool, user, "select evently.book_tickets($1, 1)", [event]);
  const count = async () => (await db.pool.query("select type, data from evently.webhook_events where event_id = $1 order by created_at, type", [event])).rows;
  t.same(await count(), [], "no endpoint: nothing written");

  const [e] = await sqlAs(db.pool, admin, "select id from evently.create_webhook_endpoint('https://example.com/h', array['booking.confirmed', 'event.sold_out'])");
  const buyer = await createUser(db);
  const client = await db.pool.connect();
  await client.query("begin");
  await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [buyer]);
  await client.query("select evently.book_tickets($1, 1)", [event]);
  await client.query("rollback");
  client.release();
  t.same(await count(), [], "a rolled-back booking leaves no outbox row");

  const [b] = await sqlAs(db.pool, buyer, "select * from evently.book_tickets($1, 1)", [event]);
  const rows = await count();
  t.same(rows.map((r) => r.type), ["booking.confirmed", "event.sold_out"], "the last ticket taken also reports sold out");
  t.same(rows[0].data, { event_id: event, user_id: buyer, booking_id: b.id, quantity: 1, total_cents: 0 });
  await sqlAs(db.pool, buyer, "select evently.cancel_booking($1)", [b.id]);
  t.equal((await count()).length, 2, "booking.cancelled is not wanted by the endpoint: nothing");

  // The relay's step: one delivery per endpoint that wanted the type, one job each.
  const [late] = await sqlAs(db.pool, admin, "select id from evently.create_webhook_endpoint('https://example.net/h', array['booking.confirmed'])");
  await db.pool.query("update evently.webhook_endpoints set created_at = now() - interval '1 hour' where id = $1", [late.id]);
  const { rows: [relayed] } = await db.pool.query("select evently_private.relay_webhook_events(100) as n");
  t.ok(relayed.n >= 2);
  const { rows: ds } = await db.pool.query(
    `select d.id, d.endpoint_id, w.type from evently.webhook_deliveries d join evently.webhook_events w on w.id = d.webhook_event_id
      where w.event_id = $1 order by w.type, d.endpoint_id`, [event]);
  t.same(ds.map((d) => [d.type, d.endpoint_id === e.id ? "first" : "late"]).sort(),
    [["booking.confirmed", "first"], ["booking.confirmed", "late"], ["event.sold_out", "first"]].sort());
  const { rows: jobs } = await db.pool.query("select key, max_attempts, queue_name from graphile_worker.jobs where task_identifier = 'deliver_webhook' and key = any($1)",
    [ds.map((d) => `deliver_webhook:${d.id}`)]);
  t.equal(jobs.length, 3, "one job per delivery, keyed by it");
  t.ok(jobs.every((j) => j.max_attempts === 10));
  t.same(new Set(jobs.map((j) => j.queue_name)), new Set([`deliver_webhook:${e.id}`, `deliver_webhook:${late.id}`]), "one queue per endpoint");
  const { rows: [again] } = await db.pool.query("select evently_private.relay_webhook_events(100) as n");
  t.equal(again.n, 0, "relayed once");

  // Attempts: 1 kB of the body (at a character boundary), pending until 2xx or the last attempt.
  const id = ds.find((d) => d.endpoint_id === e.id && d.type === "booking.confirmed").id;
  const other = ds.find((d) => d.id !== id).id;
  const { rows: [s1] } = await db.pool.query("select evently_private.record_webhook_attempt($1, 500, $2, 'HTTP 500', false) as s", [id, "é".repeat(1000)]);
  t.equal(s1.s, "pending");
  const { rows: [d1] } = await db.pool.query("select attempts, response_status, octet_length(response_body) as bytes, response_body from evently.webhook_deliveries where id = $1", [id]);
  t.same([d1.attempts, d1.response_status, d1.bytes, d1.response_body], [1, 500, 1024, "é".repeat(512)]);
  const { rows: [s2] } = await db.pool.query("select evently_private.record_webhook_attempt($1, 204, '', null, false) as s", [id]);
  t.equal(s2.s, "delivered");
  const { rows: [s3] } = await db.pool.query("select evently_private.record_webhook_attempt($1, 500, '', 'x', true) as s", [id]);
  t.equal(s3.s, null, "a delivered delivery is not changed again");
  const { rows: [s4] } = await db.pool.query("select evently_private.record_webhook_attempt($1, null, null, 'refused', true) as s", [other]);
  t.equal(s4.s, "failed", "the last attempt's failure is final");

  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.replay_webhook_delivery(gen_random_uuid())")), "EVNFD");
  t.equal(await sqlState(sqlAs(db.pool, user, "select evently.replay_webhook_delivery($1)", [id])), "EVFBD");
  const [replay] = await sqlAs(db.pool, admin, "select * from evently.replay_webhook_delivery($1)", [id]);
  t.same([replay.replay_of, replay.status], [id, "pending"]);
  await sqlAs(db.pool, admin, "select evently.update_webhook_endpoint($1, active => false)", [e.id]);
  const inactive = await sqlError(sqlAs(db.pool, admin, "select evently.replay_webhook_delivery($1)", [id]));
  t.equal(inactive?.code, "EVWHI");
});

t.test("event.cancelled from cancel_event; waitlist.offered from promotion", async (t) => {
  await db.pool.query("delete from evently.webhook_endpoints");
  await sqlAs(db.pool, admin, "select evently.create_webhook_endpoint('https://example.com/h', array['event.cancelled', 'waitlist.offered', 'booking.cancelled'])");
  const event = await createEvent(db, admin, { capacity: 1 });
  const [b] = await sqlAs(db.pool, user, "select * from evently.book_tickets($1, 1)", [event]);
  const waiter = await createUser(db);
  await sqlAs(db.pool, waiter, "select evently.join_waitlist($1, 1)", [event]);
  await sqlAs(db.pool, user, "select evently.cancel_booking($1)", [b.id]);
  await sqlAs(db.pool, admin, "select evently.cancel_event($1, 'flood')", [event]);
  const { rows } = await db.pool.query("select type, data from evently.webhook_events where event_id = $1 order by created_at, type", [event]);
  t.same(rows.map((r) => r.type), ["booking.cancelled", "waitlist.offered", "event.cancelled"]);
  t.same([rows[1].data.user_id, rows[1].data.quantity], [waiter, 1]);
  t.ok(rows[1].data.hold_id);
  t.same([rows[2].data.reason, rows[2].data.bookings_cancelled], ["flood", 0]);
});

t.test("old webhook history is purged; pending deliveries and recent events stay", async (t) => {
  const event = await createEvent(db, admin);
  const [endpoint] = await sqlAs(db.pool, admin, "select id from evently.create_webhook_endpoint('https://example.com/purge', array['booking.confirmed'])");
  // Fixtures written as the owner: four events, two of them 40 days old.
  const made = async (age: string, relayed: boolean, delivery: "delivered" | "failed" | "pending" | null) => {
    const { rows: [w] } = await db.pool.query(
      `insert into evently.webhook_events (type, event_id, data, created_at, relayed_at)
       values ('booking.confirmed', $1, '{}', now() - $2::interval, case when $3 then now() - $2::interval end) returning id`,
      [event, age, relayed]);
    if (delivery) {
      await db.pool.query(
        `insert into evently.webhook_deliveries (endpoint_id, webhook_event_id, status, delivered_at)
         values ($1, $2, $3, case when $3 = 'delivered' then now() end)`, [endpoint.id, w.id, delivery]);
    }
    return w.id as string;
  };
  const oldDone = await made("40 days", true, "delivered");
  const oldFailed = await made("40 days", true, "failed");
  const oldPending = await made("40 days", true, "pending");
  const oldUnrelayed = await made("40 days", false, null);
  const recent = await made("1 hour", true, "delivered");
  t.equal(await sqlState(db.pool.query("select evently_private.purge_webhook_history('1 hour')")), "EVINV", "at least a day is kept");
  const { rows: [{ deleted }] } = await db.pool.query("select evently_private.purge_webhook_history() as deleted");
  t.equal(deleted, 2, "the two old finished events went");
  const { rows } = await db.pool.query("select id from evently.webhook_events where id = any ($1)", [[oldDone, oldFailed, oldPending, oldUnrelayed, recent]]);
  t.same(rows.map((r) => r.id).sort(), [oldPending, oldUnrelayed, recent].sort(), "pending, unrelayed and recent ones stay");
  const { rows: [left] } = await db.pool.query("select count(*)::int as n from evently.webhook_deliveries where webhook_event_id = any ($1)", [[oldDone, oldFailed]]);
  t.equal(left.n, 0, "their deliveries went with them");
});
