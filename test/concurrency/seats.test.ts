// Reserved seating under real concurrency: many connections at once, then invariant
// queries (no seat in two holds or bookings, seat statuses = counters = rows).
import t from "tap";
import { asUser, counterMismatches, createTestDb, createUser, createUsers, sqlState } from "../helpers.ts";
import { createSeatedEvent, createSeatedVenue, seatIds, seatMismatches } from "../seat-helpers.ts";

const CONNECTIONS = 40;
const db = await createTestDb(t, 5);
const admin = await createUser(db, { admin: true });
const buyers = db.newPool(CONNECTIONS);
await Promise.all(Array.from({ length: CONNECTIONS }, async () => (await buyers.connect()).release()));

async function noSeatTwice(event: string) {
  const { rows } = await db.pool.query(
    `select (select count(*) from evently.tickets where event_id = $1 and status = 'valid' and seat_id is not null)::int as tickets,
            (select count(distinct seat_id) from evently.tickets where event_id = $1 and status = 'valid')::int as distinct_seats,
            (select count(*) from evently.event_seats where event_id = $1 and status = 'booked')::int as booked_seats`,
    [event],
  );
  return rows[0];
}

t.test("100 buyers race for the same 4 seats: exactly one wins, the rest get EVSTK", async (t) => {
  const venue = await createSeatedVenue(db, admin, [{ name: "Front", rows: 2, seatsPerRow: 10 }]);
  const event = await createSeatedEvent(db, admin, venue);
  const ids = await seatIds(db, event);
  const wanted = ["Front A4", "Front A5", "Front A6", "Front A7"].map((l) => ids.get(l));
  const users = await createUsers(db, 100);
  const outcomes = await Promise.all(
    users.map((u) =>
      sqlState(asUser(buyers, u, (c) => c.query("select evently.hold_seats($1, $2)", [event, wanted]))),
    ),
  );
  t.equal(outcomes.filter((o) => o === undefined).length, 1, "one winner");
  t.equal(outcomes.filter((o) => o === "EVSTK").length, 99, "everyone else: seat taken");
  const { rows } = await db.pool.query("select count(*)::int as n from evently.event_seats where event_id = $1 and status = 'held'", [event]);
  t.equal(rows[0].n, 4, "exactly the 4 seats are held, by one hold");
  t.same(await seatMismatches(db), []);
  t.same(await counterMismatches(db), []);
});

t.test("10,000 seats, 2,000 concurrent best-available requests for 2-6 seats", async (t) => {
  const venue = await createSeatedVenue(db, admin, [
    { name: "Stalls", rows: 50, seatsPerRow: 100 },
    { name: "Circle", rows: 25, seatsPerRow: 80, category: "premium" },
    { name: "Gallery", rows: 25, seatsPerRow: 80 },
    { name: "Boxes", rows: 20, seatsPerRow: 50 },
  ]);
  const event = await createSeatedEvent(db, admin, venue, { categoryPrices: { premium: 8000 }, priceCents: 4000 });
  const { rows: [{ capacity }] } = await db.pool.query("select capacity from evently.events where id = $1", [event]);
  t.equal(capacity, 10000);
  const users = await createUsers(db, 2000);
  // Demand 10,600 seats > 10,000 supply.
  const mix = [2, 4, 5, 6, 6, 6, 6, 6, 6, 6];
  const wrongRefusals: Array<{ quantity: number; freeAfter: number }> = [];
  const started = performance.now();
  const outcomes = await Promise.all(
    users.map(async (u, i) => {
      const quantity = mix[i % mix.length];
      const outcome = await sqlState(
        asUser(buyers, u, (c) => c.query("select evently.hold_best_available($1, $2)", [event, quantity])),
      );
      if (outcome === "EVSLD") {
        // Seats are only ever taken in this test, so free seats right after the refusal
        // can only be fewer than at its end: more than asked means a false "sold out".
        const { rows } = await db.pool.query("select capacity - held - booked as free from evently.events where id = $1", [event]);
        if (rows[0].free >= quantity) wrongRefusals.push({ quantity, freeAfter: rows[0].free });
      }
      return { quantity, outcome };
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const granted = outcomes.filter((o) => o.outcome === undefined);
  const seatsHeld = granted.reduce((sum, o) => sum + o.quantity, 0);
  t.comment(`best-available: ${granted.length} holds, ${seatsHeld} seats in ${seconds.toFixed(1)} s = ${Math.round(seatsHeld / seconds)} seats/s (${CONNECTIONS} connections)`);
  t.same(wrongRefusals, [], "no request was refused while enough seats were free");
  t.ok(outcomes.every((o) => o.outcome === undefined || o.outcome === "EVSLD"), "only successes and sold-out refusals");
  const { rows: [state] } = await db.pool.query(
    `select capacity - held - booked as free, held,
            (select count(*) from evently.event_seats where event_id = $1 and status = 'held')::int as held_seats,
            (select count(distinct hold_id) from evently.event_seats where event_id = $1 and status = 'held')::int as holds
       from evently.events where id = $1`,
    [event],
  );
  t.equal(state.held, seatsHeld, "held counter = seats granted");
  t.equal(state.held_seats, seatsHeld, "every granted seat is held exactly once");
  t.equal(state.holds, granted.length);
  const refusedQuantities = outcomes.filter((o) => o.outcome === "EVSLD").map((o) => o.quantity);
  t.ok(refusedQuantities.every((q) => q > state.free), `every refused request asked for more than the ${state.free} seats left`);
  // Mop up the last few single seats: every seat must be sellable, none stuck.
  const mopper = await createUser(db);
  let mopped = 0;
  for (;;) {
    const outcome = await sqlState(asUser(buyers, mopper, (c) => c.query("select evently.hold_best_available($1, 1)", [event])).catch((e) => { throw e; }));
    if (outcome === "EVLIM") break;
    if (outcome !== undefined) break;
    mopped++;
  }
  t.equal(mopped, Math.min(state.free, 10), "the leftover seats were all sellable");
  if (state.free <= 10) {
    const { rows: [end] } = await db.pool.query("select capacity - held - booked as free from evently.events where id = $1", [event]);
    t.equal(end.free, 0, "every seat ends sold");
  }
  t.same(await seatMismatches(db), []);
  t.same(await counterMismatches(db), []);

  // Confirm half the holds and release the rest, all at once.
  const holds = (await db.pool.query("select id, user_id from evently.holds where event_id = $1 and status = 'active'", [event])).rows;
  const results = await Promise.all(
    holds.map((h, i) =>
      sqlState(asUser(buyers, h.user_id, (c) => c.query(i % 2 ? "select evently.release_hold($1)" : "select evently.confirm_hold($1)", [h.id]))),
    ),
  );
  t.ok(results.every((r) => r === undefined), "every confirm and release succeeded");
  const seats = await noSeatTwice(event);
  t.equal(seats.tickets, seats.distinct_seats, "no seat in two bookings");
  t.equal(seats.tickets, seats.booked_seats);
  t.same(await seatMismatches(db), []);
  t.same(await counterMismatches(db), []);
});

t.test("overlapping seat sets, releases and expiries at once keep seats consistent", async (t) => {
  const venue = await createSeatedVenue(db, admin, [{ name: "Club", rows: 5, seatsPerRow: 20 }]);
  const event = await createSeatedEvent(db, admin, venue);
  const all = [...(await seatIds(db, event)).values()];
  const users = await createUsers(db, 300);
  // Expired holds on 20 seats that nobody's worker releases.
  const stale = await createUsers(db, 10);
  for (let i = 0; i < 10; i++) {
    await asUser(buyers, stale[i], (c) => c.query("select evently.hold_seats($1, $2)", [event, all.slice(i * 2, i * 2 + 2)]));
  }
  await db.pool.query("update evently.holds set expires_at = now() - interval '1 second' where event_id = $1", [event]);
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const outcomes = await Promise.all(
    users.map((u) => {
      const n = 1 + Math.floor(random() * 3);
      const start = Math.floor(random() * (all.length - n));
      return sqlState(asUser(buyers, u, (c) => c.query("select evently.hold_seats($1, $2)", [event, all.slice(start, start + n)])));
    }),
  );
  t.ok(outcomes.every((o) => o === undefined || o === "EVSTK"), "holds either succeed or find a seat taken");
  t.ok(outcomes.some((o) => o === undefined) && outcomes.some((o) => o === "EVSTK"), "both happened");
  const { rows } = await db.pool.query("select count(*)::int as n from evently.holds where event_id = $1 and status = 'expired'", [event]);
  t.ok(rows[0].n >= 1, "buyers reclaimed expired holds themselves");
  t.same(await seatMismatches(db), []);
  t.same(await counterMismatches(db), []);
});
