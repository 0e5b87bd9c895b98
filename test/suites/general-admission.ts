// Many real connections at once, then invariant queries: sold <= capacity, counters equal
// the rows they count, refusals carry the registered code. Run twice: with every booking
// its own transaction (general-admission.test.ts), and with one-step bookings grouped per
// event by the HTTP server's batcher into evently_private.book_tickets_batch
// (general-admission-batch.test.ts) — the same guarantees must hold on both paths.
import type { Test } from "tap";
import { asUser, counterMismatches, createEvent, createTestDb, createUser, createUsers, sqlState, type TestDb } from "../helpers.ts";
import { DEFAULT_BATCH, makeBatchingBooker } from "../../src/booking/batcher.ts";

export async function generalAdmissionSuite(t: Test, path: "direct" | "batch"): Promise<void> {
  const CONNECTIONS = 50;
  const db = await createTestDb(t, 5);
  const admin = await createUser(db, { admin: true });
  const buyers = db.newPool(CONNECTIONS);
  // Open every connection up front so the requests below really overlap.
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => (await buyers.connect()).release()));
  // The batch path runs as the HTTP server does: the server's login, the batcher's grouping.
  const server = db.newPool(CONNECTIONS, db.authUrl);
  const batcher = makeBatchingBooker(server, "b.id", { ...DEFAULT_BATCH, statementTimeout: "30s" });

  type Call = [string, string, unknown[]];
  const BOOK = /^select (id from )?evently\.book_tickets\(\$1, (\$2|\d+)(, idempotency_key => '([^']+)')?\)$/;

  /** One call as the user; one-step bookings go through the batcher on the batch path. */
  function call([userId, text, values]: Call): Promise<unknown> {
    const direct = () => asUser(buyers, userId, async (c) => (await c.query(text, values)).rows[0]);
    const m = BOOK.exec(text);
    if (path === "direct" || !m) return direct();
    const quantity = m[2] === "$2" ? values[1] : Number(m[2]);
    return batcher.book({ userId, eventId: values[0] as string, quantity, idempotencyKey: m[4] ?? null, single: direct });
  }

  /** Runs every request at once; returns the SQLSTATE of each (undefined = success). */
  async function race(requests: Call[]): Promise<Array<string | undefined>> {
    return Promise.all(requests.map((r) => sqlState(call(r))));
  }

  function tally(outcomes: Array<string | undefined>): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const o of outcomes) counts[o ?? "ok"] = (counts[o ?? "ok"] ?? 0) + 1;
    return counts;
  }

  async function soldOf(db: TestDb, event: string) {
    const { rows } = await db.pool.query(
      `select e.capacity, e.booked, e.held,
              (select coalesce(sum(quantity), 0)::int from evently.bookings b where b.event_id = e.id and b.status = 'confirmed') as confirmed
         from evently.events e where e.id = $1`,
      [event],
    );
    return rows[0];
  }

  t.test("capacity 1, 50 buyers at once: exactly one wins", async (t) => {
    const event = await createEvent(db, admin, { capacity: 1 });
    const users = await createUsers(db, 50);
    const outcomes = await race(users.map((u) => [u, "select evently.book_tickets($1, 1)", [event]]));
    t.same(tally(outcomes), { ok: 1, EVSLD: 49 });
    const sold = await soldOf(db, event);
    t.equal(sold.confirmed, 1);
    t.equal(sold.booked, 1);
    t.same(await counterMismatches(db), []);
  });

  t.test("capacity 100, 1,000 bookings over 50 connections: exactly 100 confirmed", async (t) => {
    const event = await createEvent(db, admin, { capacity: 100 });
    const users = await createUsers(db, 1000);
    const outcomes = await race(users.map((u) => [u, "select evently.book_tickets($1, 1)", [event]]));
    t.same(tally(outcomes), { ok: 100, EVSLD: 900 });
    const sold = await soldOf(db, event);
    t.equal(sold.confirmed, 100);
    t.equal(sold.booked, 100);
    t.equal(sold.held, 0);
    const { rows } = await db.pool.query("select count(*)::int as n from evently.tickets where event_id = $1 and status = 'valid'", [event]);
    t.equal(rows[0].n, 100, "one valid ticket per sold seat");
    t.same(await counterMismatches(db), []);
  });

  t.test("mixed quantities never oversell and leave no partial booking", async (t) => {
    const event = await createEvent(db, admin, { capacity: 97 });
    const users = await createUsers(db, 300);
    const outcomes = await race(users.map((u, i) => [u, "select evently.book_tickets($1, $2)", [event, 1 + (i % 4)]]));
    const sold = await soldOf(db, event);
    t.ok(sold.confirmed <= 97, `sold ${sold.confirmed} of 97`);
    t.ok(sold.confirmed >= 94, "refusals only once fewer than 4 tickets were left");
    t.equal(outcomes.filter((o) => o === undefined).length + outcomes.filter((o) => o === "EVSLD").length, 300);
    t.same(await counterMismatches(db), []);
  });

  t.test("20 concurrent retries with one idempotency key: one booking, the same answer for all", async (t) => {
    const event = await createEvent(db, admin, { capacity: 50 });
    const user = await createUser(db);
    const results = await Promise.all(
      Array.from({ length: 20 }, async () =>
        ((await call([user, "select id from evently.book_tickets($1, 2, idempotency_key => 'checkout-42')", [event]])) as { id: string }).id,
      ),
    );
    t.equal(new Set(results).size, 1, "every retry got the same booking id");
    const { rows } = await db.pool.query("select count(*)::int as n, sum(quantity)::int as q, min(id::text) as id from evently.bookings where event_id = $1", [event]);
    t.same(rows[0], { n: 1, q: 2, id: results[0] }, "one booking, and it is the one every retry was given");
    t.same(await counterMismatches(db), []);
  });

  t.test("one user racing themselves cannot pass the per-user limit", async (t) => {
    const event = await createEvent(db, admin, { capacity: 100, maxPerUser: 4 });
    const user = await createUser(db);
    const outcomes = await race(
      Array.from({ length: 20 }, (_, i) => [user, i % 2 ? "select evently.book_tickets($1, 1)" : "select evently.hold_tickets($1, 1)", [event]]),
    );
    t.same(tally(outcomes), { ok: 4, EVLIM: 16 });
    t.same(await counterMismatches(db), []);
  });

  t.test("holds, confirms, releases and cancels all at once keep counters equal to rows", async (t) => {
    const event = await createEvent(db, admin, { capacity: 60 });
    const users = await createUsers(db, 120);
    const holds = await Promise.all(
      users.slice(0, 40).map((u) =>
        asUser(buyers, u, async (c) => (await c.query("select id from evently.hold_tickets($1, 1)", [event])).rows[0].id as string),
      ),
    );
    const bookings = await Promise.all(
      users.slice(40, 60).map(async (u) => ((await call([u, "select id from evently.book_tickets($1, 1)", [event]])) as { id: string }).id),
    );
    // Now: 40 held + 20 booked = 60 = capacity. Race confirms, releases, cancels and new buyers.
    const outcomes = await race([
      ...holds.slice(0, 20).map((h, i): [string, string, unknown[]] => [users[i], "select evently.confirm_hold($1)", [h]]),
      ...holds.slice(20).map((h, i): [string, string, unknown[]] => [users[20 + i], "select evently.release_hold($1)", [h]]),
      ...bookings.slice(0, 10).map((b, i): [string, string, unknown[]] => [users[40 + i], "select evently.cancel_booking($1)", [b]]),
      ...users.slice(60).map((u): [string, string, unknown[]] => [u, "select evently.book_tickets($1, 1)", [event]]),
    ]);
    const confirmsReleasesCancels = outcomes.slice(0, 50);
    t.same(confirmsReleasesCancels.filter((o) => o !== undefined), [], "every confirm, release and cancel succeeded");
    const buys = outcomes.slice(50);
    t.ok(buys.every((o) => o === undefined || o === "EVSLD"), "new buyers either booked or got EVSLD");
    const sold = await soldOf(db, event);
    // 20 confirmed holds + 10 remaining bookings + new buyers <= 60; freed: 20 released + 10 cancelled = 30.
    t.equal(sold.confirmed, 30 + buys.filter((o) => o === undefined).length);
    t.ok(sold.confirmed <= 60);
    t.equal(sold.held, 0);
    t.same(await counterMismatches(db), []);
  });

  t.test("expired holds free their capacity for concurrent buyers with no worker running", async (t) => {
    const event = await createEvent(db, admin, { capacity: 10 });
    const holders = await createUsers(db, 5);
    for (const u of holders) await asUser(buyers, u, (c) => c.query("select evently.hold_tickets($1, 2)", [event]));
    await db.pool.query("update evently.holds set expires_at = now() - interval '1 second' where event_id = $1", [event]);
    const users = await createUsers(db, 30);
    const outcomes = await race(users.map((u) => [u, "select evently.book_tickets($1, 1)", [event]]));
    t.same(tally(outcomes), { ok: 10, EVSLD: 20 });
    const { rows } = await db.pool.query("select status, count(*)::int as n from evently.holds where event_id = $1 group by status", [event]);
    t.same(rows, [{ status: "expired", n: 5 }]);
    t.same(await counterMismatches(db), []);
  });

  t.test("cancel_event racing with buyers leaves no live booking behind", async (t) => {
    const event = await createEvent(db, admin, { capacity: 200 });
    const users = await createUsers(db, 100);
    const outcomes = await race([
      ...users.map((u): [string, string, unknown[]] => [u, "select evently.book_tickets($1, 1)", [event]]),
      [admin, "select evently.cancel_event($1)", [event]],
    ]);
    t.equal(outcomes[100], undefined, "the cancellation succeeded");
    t.ok(outcomes.slice(0, 100).every((o) => o === undefined || o === "EVECN"), "buyers either booked before it or got EVECN");
    const { rows } = await db.pool.query("select count(*)::int as n from evently.bookings where event_id = $1 and status = 'confirmed'", [event]);
    t.equal(rows[0].n, 0, "every booking made before the cancellation was cancelled with it");
    t.same(await counterMismatches(db), []);
  });

  if (path === "batch") {
    t.test("the batch path really grouped requests", async (t) => {
      t.ok(batcher.stats.batches > 0, `${batcher.stats.batches} batches of ${batcher.stats.batchedRequests} requests (${batcher.stats.singles} alone)`);
      t.ok(batcher.stats.batchedRequests / batcher.stats.batches > 2, "more than two requests per batch on average");
    });
  }
}
