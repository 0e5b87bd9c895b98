// Waitlist promotion under concurrency: 50 cancels at once against an 80-entry waitlist.
import t from "tap";
import { asUser, counterMismatches, createEvent, createTestDb, createUser, createUsers, sqlState } from "../helpers.ts";

const CONNECTIONS = 40;
const db = await createTestDb(t, 5);
const admin = await createUser(db, { admin: true });
const pool = db.newPool(CONNECTIONS);
await Promise.all(Array.from({ length: CONNECTIONS }, async () => (await pool.connect()).release()));

t.test("50 concurrent cancels: each freed ticket offered exactly once, in waitlist order", async (t) => {
  const event = await createEvent(db, admin, { capacity: 50 });
  const holders = await createUsers(db, 50);
  const bookings = await Promise.all(
    holders.map((u) => asUser(pool, u, async (c) => (await c.query("select id from evently.book_tickets($1, 1)", [event])).rows[0].id as string)),
  );
  const waiters = await createUsers(db, 80);
  // Join one by one so positions follow the array order.
  for (const u of waiters) await asUser(pool, u, (c) => c.query("select evently.join_waitlist($1, 1)", [event]));

  const outcomes = await Promise.all(
    holders.map((u, i) => sqlState(asUser(pool, u, (c) => c.query("select evently.cancel_booking($1)", [bookings[i]])))),
  );
  t.ok(outcomes.every((o) => o === undefined), "every cancel succeeded");

  const { rows: entries } = await db.pool.query(
    `select w.position, w.status, (select count(*) from evently.holds h where h.waitlist_entry_id = w.id)::int as offers
       from evently.waitlist_entries w where w.event_id = $1 order by w.position`,
    [event],
  );
  t.same(entries.slice(0, 50).map((e) => e.status), Array(50).fill("offered"), "the first 50 in line got offers");
  t.same(entries.slice(50).map((e) => e.status), Array(30).fill("waiting"), "the rest still wait");
  t.ok(entries.every((e) => e.offers === (e.status === "offered" ? 1 : 0)), "no entry got two offers");
  const { rows: [e] } = await db.pool.query("select capacity, held, booked, waiting from evently.events where id = $1", [event]);
  t.same(e, { capacity: 50, held: 50, booked: 0, waiting: 30 });
  const { rows: [n] } = await db.pool.query("select count(*)::int as n from evently.notifications where event_id = $1 and kind = 'waitlist_offer'", [event]);
  t.equal(n.n, 50, "one offer notification per offer");
  t.same(await counterMismatches(db), []);

  // Half decline, half accept, all at once: declines pass on to the next 25, in order.
  const { rows: offers } = await db.pool.query(
    `select h.id, h.user_id, w.position from evently.holds h join evently.waitlist_entries w on w.id = h.waitlist_entry_id
      where h.event_id = $1 and h.status = 'active' order by w.position`,
    [event],
  );
  const results = await Promise.all(
    offers.map((o, i) => sqlState(asUser(pool, o.user_id, (c) => c.query(i % 2 ? "select evently.decline_offer($1)" : "select evently.confirm_hold($1)", [o.id])))),
  );
  t.ok(results.every((r) => r === undefined), "every accept and decline succeeded");
  const { rows: after } = await db.pool.query(
    "select position, status from evently.waitlist_entries where event_id = $1 and position > 50 order by position",
    [event],
  );
  t.same(after.map((r) => r.status), [...Array(25).fill("offered"), ...Array(5).fill("waiting")], "the next 25 in line got the declined tickets");
  const { rows: [final] } = await db.pool.query("select held, booked from evently.events where id = $1", [event]);
  t.same(final, { held: 25, booked: 25 });
  t.same(await counterMismatches(db), []);
});

t.test("concurrent joins get distinct, gapless positions", async (t) => {
  const event = await createEvent(db, admin, { capacity: 1 });
  const [u] = await createUsers(db, 1);
  await asUser(pool, u, (c) => c.query("select evently.book_tickets($1, 1)", [event]));
  const waiters = await createUsers(db, 100);
  await Promise.all(waiters.map((w) => asUser(pool, w, (c) => c.query("select evently.join_waitlist($1, 1)", [event]))));
  const { rows } = await db.pool.query("select position from evently.waitlist_entries where event_id = $1 order by position", [event]);
  t.same(rows.map((r) => Number(r.position)), Array.from({ length: 100 }, (_, i) => i + 1));
  t.same(await counterMismatches(db), []);
});
