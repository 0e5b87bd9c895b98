// evently_private.book_tickets_batch decides a group at once (book_tickets_group) only when
// every request would succeed, and otherwise one by one; either way each request gets what
// evently.book_tickets alone would have given it. Which path ran shows in the rows: a group
// writes every booking in one subtransaction (one xmin), the one-by-one path each in its own.
import t from "tap";
import { counterMismatches, createEvent, createTestDb, createUser, createUsers, sqlAs, sqlState } from "../helpers.ts";
import { canonicalUuid } from "../../src/booking/batcher.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

interface Request { user_id: string; event_id: string; quantity: number; idempotency_key?: string }
interface Answer { ord: number; booking_id: string | null; user_id: string | null; quantity: number | null; error_code: string | null }

async function batch(requests: Request[]): Promise<Answer[]> {
  const { rows } = await db.pool.query(
    `select ord, (booking).id as booking_id, (booking).user_id as user_id, (booking).quantity as quantity, error_code
       from evently_private.book_tickets_batch($1::jsonb) order by ord`,
    [JSON.stringify(requests)],
  );
  return rows;
}

/** How many subtransactions wrote the event's bookings: 1 for a group decided at once. */
async function writers(event: string): Promise<number> {
  const { rows } = await db.pool.query("select count(distinct xmin::text)::int as n from evently.bookings where event_id = $1", [event]);
  return rows[0].n;
}

async function eventRow(event: string) {
  return (await db.pool.query("select booked, held from evently.events where id = $1", [event])).rows[0];
}

t.test("a group where every request succeeds is booked at once, each request its own booking, in order", async (t) => {
  const event = await createEvent(db, admin, { capacity: 20, maxPerUser: 4, priceCents: 1000 });
  const [a, b, c] = await createUsers(db, 3);
  const answers = await batch([
    { user_id: a, event_id: event, quantity: 2, idempotency_key: "a-1" },
    { user_id: b, event_id: event, quantity: 1 },
    { user_id: a, event_id: event, quantity: 2, idempotency_key: "a-2" },
    { user_id: c, event_id: event, quantity: 3, idempotency_key: "c-1" },
  ]);
  t.same(answers.map((r) => [r.ord, r.user_id, r.quantity, r.error_code]), [[1, a, 2, null], [2, b, 1, null], [3, a, 2, null], [4, c, 3, null]]);
  t.equal(await writers(event), 1, "one subtransaction wrote all four: the group path");
  t.same(await eventRow(event), { booked: 8, held: 0 });
  const { rows: tickets } = await db.pool.query(
    "select b.id, b.total_cents, count(t.*)::int as tickets from evently.bookings b join evently.tickets t on t.booking_id = b.id where b.event_id = $1 group by b.id",
    [event],
  );
  t.same(tickets.map((r) => r.tickets).sort(), [1, 2, 2, 3], "one ticket per person");
  t.ok(tickets.every((r) => r.total_cents === r.tickets * 1000), "priced like book_tickets");
  const { rows: mails } = await db.pool.query(
    "select count(*)::int as n from evently.notifications where event_id = $1 and kind = 'booking_confirmed'", [event]);
  t.equal(mails[0].n, 4, "a booking_confirmed notification each");
  // The keys remember the request as book_tickets does: a retry by book_tickets itself replays.
  const [replay] = await sqlAs(db.pool, a, "select id from evently.book_tickets($1, 2, idempotency_key => 'a-2')", [event]);
  t.equal(replay.id, answers[2].booking_id, "book_tickets replays the booking the group made for the key");
  t.equal(await sqlState(sqlAs(db.pool, c, "select evently.book_tickets($1, 1, idempotency_key => 'c-1')", [event])), "EVIDM",
    "the same key with another quantity is EVIDM, as for a key book_tickets stored");
  t.same(await counterMismatches(db), []);
});

t.test("a group that cannot all succeed is decided one by one, each request answered as book_tickets would", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5, maxPerUser: 3 });
  const [a, b, c, d] = await createUsers(db, 4);
  const answers = await batch([
    { user_id: a, event_id: event, quantity: 2 },
    { user_id: a, event_id: event, quantity: 2 }, // past a's limit of 3
    { user_id: b, event_id: event, quantity: 3 },
    { user_id: c, event_id: event, quantity: 1 }, // sold out: 2 + 3 taken
    { user_id: d, event_id: event, quantity: 0 },
  ]);
  t.same(answers.map((r) => r.error_code), [null, "EVLIM", null, "EVSLD", "EVQTY"]);
  t.equal(await writers(event), 2, "the two bookings were made one by one, in subtransactions of their own");
  t.same(await eventRow(event), { booked: 5, held: 0 });
  t.same(await counterMismatches(db), []);
});

t.test("replays, a key sent twice in one group and a malformed key go one by one", async (t) => {
  const event = await createEvent(db, admin, { capacity: 50 });
  const [a, b] = await createUsers(db, 2);
  const [earlier] = await sqlAs(db.pool, a, "select id from evently.book_tickets($1, 1, idempotency_key => 'k-1')", [event]);
  const answers = await batch([
    { user_id: a, event_id: event, quantity: 1, idempotency_key: "k-1" }, // replay
    { user_id: b, event_id: event, quantity: 2, idempotency_key: "twice" },
    { user_id: b, event_id: event, quantity: 2, idempotency_key: "twice" },
    { user_id: b, event_id: event, quantity: 1, idempotency_key: "not ok" },
  ]);
  t.equal(answers[0].booking_id, earlier.id, "the replay gets the earlier booking");
  t.equal(answers[1].booking_id, answers[2].booking_id, "a key sent twice books once");
  t.equal(answers[3].error_code, "EVIDK");
  t.same(await eventRow(event), { booked: 3, held: 0 });
  t.same(await counterMismatches(db), []);
});

t.test("groups that are not the plain direct path are decided one by one", async (t) => {
  const e1 = await createEvent(db, admin, { capacity: 10 });
  const e2 = await createEvent(db, admin, { capacity: 10 });
  const typed = await createEvent(db, admin, { capacity: 10 });
  await sqlAs(db.pool, admin, "select evently.create_ticket_type($1, 'Floor', 10, 0)", [typed]);
  const [a, b] = await createUsers(db, 2);
  const two = await batch([
    { user_id: a, event_id: e1, quantity: 1 },
    { user_id: b, event_id: e2, quantity: 1 },
  ]);
  t.same(two.map((r) => r.error_code), [null, null], "two events: both booked");
  const types = await batch([
    { user_id: a, event_id: typed, quantity: 1 },
    { user_id: b, event_id: typed, quantity: 2 },
  ]);
  t.same(types.map((r) => r.error_code), [null, null], "an event with a ticket type: both booked, by the type's rules");
  const { rows } = await db.pool.query("select booked from evently.ticket_types where event_id = $1", [typed]);
  t.equal(rows[0].booked, 3, "the type counted them");
  t.equal(await writers(typed), 2);
  const gone = "00000000-0000-4000-8000-00000000dead";
  const unknown = await batch([
    { user_id: a, event_id: e1, quantity: 1 },
    { user_id: gone, event_id: e1, quantity: 1 },
  ]);
  t.same(unknown.map((r) => r.error_code), [null, "EVAUT"], "an account that does not exist is that request's EVAUT");
  t.same(await counterMismatches(db), []);
});

t.test("an event id in another uuid form is decided one by one, under the per-person lock", async (t) => {
  const event = await createEvent(db, admin, { capacity: 50, maxPerUser: 4 });
  const [a, b] = await createUsers(db, 2);
  const bare = event.replaceAll("-", "");
  // a's first booking is still open when the batch arrives: the batch must wait for a's lock
  // and then count those 4 tickets, as book_tickets would.
  const first = await db.pool.connect();
  t.teardown(() => first.release());
  await first.query("begin");
  await first.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [a]);
  await first.query("select evently.book_tickets($1, 4)", [event]);
  const pending = batch([
    { user_id: a, event_id: bare, quantity: 4 },
    { user_id: b, event_id: bare, quantity: 1 },
  ]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await first.query("commit");
  const answers = await pending;
  t.same(answers.map((r) => r.error_code), ["EVLIM", null], "a is at the limit; b books");
  const { rows } = await db.pool.query(
    "select coalesce(sum(quantity), 0)::int as n from evently.bookings where event_id = $1 and user_id = $2", [event, a]);
  t.equal(rows[0].n, 4, "a never holds more than the limit");
  t.same(await counterMismatches(db), []);
});

t.test("the batcher groups one event however its id is written", async (t) => {
  const id = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
  for (const form of [id, id.toUpperCase(), id.replaceAll("-", ""), `{${id}}`]) t.equal(canonicalUuid(form), id, form);
  t.equal(canonicalUuid("not-a-uuid"), "not-a-uuid", "anything else is left to SQL to answer");
});

t.test("book_tickets with a key takes the user's lock before it claims the key, as a batch does", async (t) => {
  // Otherwise a direct retry holding the key and waiting for the user's lock, and a batch
  // holding that lock and waiting for the key, deadlock.
  const event = await createEvent(db, admin, { capacity: 10 });
  const user = await createUser(db);
  const holder = await db.pool.connect();
  const prober = await db.pool.connect();
  t.teardown(() => {
    holder.release();
    prober.release();
  });
  await holder.query("begin");
  await holder.query("select evently_private.lock_user_tickets($1, $2)", [event, user]); // what a batch holds
  const direct = sqlAs(db.pool, user, "select id from evently.book_tickets($1, 1, idempotency_key => 'retry-7')", [event]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  // While the direct call waits for the lock, the key must still be free: claiming it here does
  // not wait (it would time out if the direct call had claimed it first).
  await prober.query("begin");
  await prober.query("set local lock_timeout = '200ms'");
  const claimed = await prober.query(
    "insert into evently_private.idempotency_keys (user_id, idempotency_key, request) values ($1, 'retry-7', '{}') on conflict do nothing",
    [user]);
  t.equal(claimed.rowCount, 1, "the key was not yet claimed by the waiting call");
  await prober.query("rollback");
  await holder.query("commit");
  const [booking] = await direct;
  t.ok(booking.id, "the direct call books once the lock is free");
  t.same(await counterMismatches(db), []);
});

t.test("a group writes each booking's notification and webhook event as book_tickets does", async (t) => {
  const event = await createEvent(db, admin, { capacity: 20, maxPerUser: 4, priceCents: 1500 });
  const [a, b, c] = await createUsers(db, 3);
  const [endpoint] = await sqlAs(db.pool, admin,
    "select id from evently.create_webhook_endpoint('https://example.com/h', array['booking.confirmed'])");
  t.teardown(() => sqlAs(db.pool, admin, "select evently.delete_webhook_endpoint($1)", [endpoint.id]));
  await sqlAs(db.pool, c, "select id from evently.book_tickets($1, 3)", [event]); // the reference
  const answers = await batch([
    { user_id: a, event_id: event, quantity: 2 },
    { user_id: b, event_id: event, quantity: 1, idempotency_key: "b-1" },
  ]);
  t.same(answers.map((r) => r.error_code), [null, null]);
  t.equal(await writers(event), 2, "c's booking alone, a's and b's as one group");
  const { rows } = await db.pool.query(
    `select b.id, b.user_id, b.quantity, b.total_cents, n.kind, n.payload, w.data,
            array(select t.code from evently.tickets t where t.booking_id = b.id order by t.code) as codes
       from evently.bookings b
       join evently.notifications n on n.payload->>'booking_id' = b.id::text
       join evently.webhook_events w on w.type = 'booking.confirmed' and w.data->>'booking_id' = b.id::text
      where b.event_id = $1 order by b.user_id`,
    [event],
  );
  t.same(rows.map((r) => r.user_id).sort(), [a, b, c].sort(), "one notification and one webhook event per booking");
  for (const r of rows) {
    t.equal(r.kind, "booking_confirmed");
    t.same(r.payload, {
      booking_id: r.id, quantity: r.quantity, total_cents: r.total_cents,
      tickets: r.codes.map((code: string) => ({ code, seat: null })),
    }, "the notification carries the booking and its ticket codes");
    t.same(r.data, { event_id: event, user_id: r.user_id, booking_id: r.id, quantity: r.quantity, total_cents: r.total_cents },
      "the webhook event carries the booking without ticket codes");
  }
  t.equal((await db.pool.query("select count(*)::int as n from graphile_worker.jobs where key = 'relay_notifications'")).rows[0].n, 1,
    "the relay is queued once");
  t.same(await counterMismatches(db), []);
});

t.test("a sold-out group: every request answered as book_tickets answers it alone (code, message, detail)", async (t) => {
  const event = await createEvent(db, admin, { capacity: 3, maxPerUser: 2 });
  const [a, b, c, d, e, f] = await createUsers(db, 6);
  await sqlAs(db.pool, a, "select evently.book_tickets($1, 2)", [event]);
  const [kept] = await sqlAs(db.pool, b, "select id from evently.book_tickets($1, 1, idempotency_key => 'b-1')", [event]);
  const gone = "00000000-0000-4000-8000-00000000dead";
  const requests: Array<{ user_id: string; event_id: string; quantity: unknown; idempotency_key?: string }> = [
    { user_id: c, event_id: event, quantity: 1 }, // sold out
    { user_id: a, event_id: event, quantity: 1 }, // at the per-person limit: EVLIM first
    { user_id: b, event_id: event, quantity: 1, idempotency_key: "b-1" }, // a replay
    { user_id: b, event_id: event, quantity: 2, idempotency_key: "b-1" }, // the key with other parameters
    { user_id: d, event_id: event, quantity: 1, idempotency_key: "bad key" },
    { user_id: e, event_id: event, quantity: 0 },
    { user_id: gone, event_id: event, quantity: 1 }, // no such account
    { user_id: f, event_id: event, quantity: 1, idempotency_key: "f-1" }, // sold out, a fresh key
    { user_id: c, event_id: event, quantity: "1" }, // not a JSON number: the full path reads it
    { user_id: d, event_id: event, quantity: 3 }, // beyond the per-person limit
  ];
  const { rows: answers } = await db.pool.query(
    "select error_code, error_message, error_detail, (booking).id as booking_id from evently_private.book_tickets_batch($1::jsonb) order by ord",
    [JSON.stringify(requests)]);
  t.same(answers.map((r) => r.error_code), ["EVSLD", "EVLIM", null, "EVIDM", "EVIDK", "EVQTY", "EVAUT", "EVSLD", "EVSLD", "EVLIM"]);
  t.equal(answers[2].booking_id, kept.id, "the replay answers the booking the key made");
  // Each request alone, as its user: the same code, message and detail.
  for (const [i, r] of requests.entries()) {
    const alone = await sqlAs(db.pool, r.user_id, "select id from evently.book_tickets($1, $2::integer, idempotency_key => $3)",
      [r.event_id, r.quantity, r.idempotency_key ?? null]).then(
      (rows) => ({ error_code: null, error_message: null, error_detail: null, booking_id: rows[0].id }),
      (error) => ({ error_code: error.code, error_message: error.message, error_detail: error.detail ?? "", booking_id: null }));
    t.same(answers[i], alone, `request ${i + 1}: ${alone.error_code ?? "booked"}`);
  }
  t.same(await eventRow(event), { booked: 3, held: 0 }, "nothing written");
});

t.test("sold out with people waiting: the waitlist's refusal, as book_tickets gives it", async (t) => {
  const event = await createEvent(db, admin, { capacity: 1, maxPerUser: 2 });
  const [a, b, c, d] = await createUsers(db, 4);
  await sqlAs(db.pool, a, "select evently.book_tickets($1, 1)", [event]);
  await sqlAs(db.pool, b, "select evently.join_waitlist($1, 1)", [event]);
  const { rows } = await db.pool.query(
    "select error_code, error_message from evently_private.book_tickets_batch($1::jsonb) order by ord",
    [JSON.stringify([c, d].map((u) => ({ user_id: u, event_id: event, quantity: 1 })))]);
  const alone = await sqlAs(db.pool, c, "select evently.book_tickets($1, 1)", [event]).catch((error) => error);
  t.equal(alone.code, "EVSLD");
  t.same(rows, [{ error_code: "EVSLD", error_message: alone.message }, { error_code: "EVSLD", error_message: alone.message }],
    "the same refusal book_tickets gives: tickets that free up go to the waitlist");
});
