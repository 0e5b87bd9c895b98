// Reserved seating through SQL: layouts, seated events, seat holds, best available, the seat map.
import t from "tap";
import { asUser, counterMismatches, createTestDb, createUser, expireHoldNow, sqlAs, sqlState, tableReads } from "../helpers.ts";
import { createSeatedEvent, createSeatedVenue, seatIds, seatMismatches } from "../seat-helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });
const alice = await createUser(db);
const bob = await createUser(db);

async function holdSeatLabels(holdId: string, userId: string): Promise<string[]> {
  const rows = await sqlAs(db.pool, userId, "select s.label from evently.holds h, evently.holds_seats(h) s where h.id = $1", [holdId]);
  return rows.map((r) => r.label);
}

t.test("add_seats builds rows A.. of numbered seats with drawing coordinates", async (t) => {
  const venue = await createSeatedVenue(db, admin, [{ name: "Stalls", rows: 3, seatsPerRow: 4 }]);
  const seats = (await db.pool.query(
    "select section, row_label, seat_number, label, x, y, category, row_rank, seat_rank from evently.venue_seats where venue_id = $1 order by row_rank, seat_number",
    [venue],
  )).rows;
  t.equal(seats.length, 12);
  t.same(seats[0], { section: "Stalls", row_label: "A", seat_number: 1, label: "Stalls A1", x: "1", y: "1", category: "standard", row_rank: 1, seat_rank: 3 });
  t.same(seats.map((s) => s.seat_rank).slice(0, 4), [3, 1, 1, 3], "centre seats rank first");
  t.same([...new Set(seats.map((s) => s.row_label))], ["A", "B", "C"]);
  const second = await sqlAs(db.pool, admin, "select min(x)::int as min_x from evently.add_seats($1, 'Balcony', 1, 2, 'premium')", [venue]);
  t.equal(second[0].min_x, 7, "a new section is drawn beside the existing ones");
  const [{ label }] = (await db.pool.query("select evently_private.row_label(28) as label")).rows;
  t.equal(label, "AB");
});

t.test("malformed layouts are refused with EVLAY naming the field, and nothing is written", async (t) => {
  const [venue] = await sqlAs(db.pool, admin, "select id from evently.create_venue('Odd hall')");
  const cases: Array<[string, unknown[], string]> = [
    ["select evently.add_seats($1, '', 2, 2)", [venue.id], "section"],
    ["select evently.add_seats($1, 'S', 0, 2)", [venue.id], "rows"],
    ["select evently.add_seats($1, 'S', 2, 501)", [venue.id], "seats_per_row"],
    ["select evently.add_seats($1, 'S', 2, 2, '')", [venue.id], "category"],
  ];
  for (const [sql, params, field] of cases) {
    const error = await sqlAs(db.pool, admin, sql, params).catch((e) => e);
    t.equal(error.code, "EVLAY", `${field}: EVLAY`);
    t.equal(error.detail, field);
  }
  await sqlAs(db.pool, admin, "select evently.add_seats($1, 'S', 1, 1)", [venue.id]);
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.add_seats($1, 'S', 1, 1)", [venue.id])), "EVLAY", "a section exists only once");

  const bad: Array<[unknown, string]> = [
    [{ not: "an array" }, "seats"],
    [[{ section: "B", row: "A", number: 1, x: 0, y: 0 }, { section: "B", row: "A", number: 0, x: 1, y: 0 }], "seats[1].number"],
    [[{ section: "B", row: "A", number: 1, x: "left", y: 0 }], "seats[0].x"],
    [[{ section: "B", row: "A", number: 1, x: 0, y: 0, colour: "red" }], "seats[0].unknown_field"],
    [[{ section: "B", row: "A", number: 1, x: 0, y: 0 }, { section: "B", row: "A", number: 1, x: 1, y: 0 }], "seats[0]"],
    [[{ section: "S", row: "A", number: 1, x: 0, y: 0 }], "seats[0]"],
    [["seat"], "seats[0]"],
  ];
  for (const [seats, detail] of bad) {
    const error = await sqlAs(db.pool, admin, "select evently.import_seats($1, $2)", [venue.id, JSON.stringify(seats)]).catch((e) => e);
    t.equal(error.code, "EVLAY", `import ${JSON.stringify(seats).slice(0, 60)}`);
    t.equal(error.detail, detail);
  }
  const { rows } = await db.pool.query("select count(*)::int as n from evently.venue_seats where venue_id = $1", [venue.id]);
  t.equal(rows[0].n, 1, "only the one valid seat exists");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.add_seats($1, 'X', 1, 1)", [venue.id])), "EVFBD");
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.add_seats('00000000-0000-0000-0000-000000000000', 'X', 1, 1)")), "EVNFD");
});

t.test("import_seats takes an irregular hall; gaps in numbering break adjacency", async (t) => {
  const [venue] = await sqlAs(db.pool, admin, "select id from evently.create_venue('Round hall')");
  // Row A: seats 1-3, an aisle, seats 10-12. Row B (rank 2): 1-2.
  const seats = [
    ...[1, 2, 3, 10, 11, 12].map((n) => ({ section: "Ring", row: "A", number: n, x: n, y: 0, category: "premium" })),
    { section: "Ring", row: "B", number: 1, x: 1, y: 1 },
    { section: "Ring", row: "B", number: 2, x: 2, y: 1, label: "Ring B2 (wheelchair)" },
  ];
  const imported = await sqlAs(db.pool, admin, "select label, row_rank, category from evently.import_seats($1, $2)", [venue.id, JSON.stringify(seats)]);
  t.equal(imported.length, 8);
  t.same(imported.find((s) => s.label === "Ring B2 (wheelchair)"), { label: "Ring B2 (wheelchair)", row_rank: 2, category: "standard" });
  const event = await createSeatedEvent(db, admin, venue.id, { categoryPrices: { premium: 9000 }, priceCents: 4000 });
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_best_available($1, 3)", [event]);
  t.same(await holdSeatLabels(hold.id, alice), ["Ring A1", "Ring A2", "Ring A3"], "three adjacent seats in the best row");
  const [hold4] = await sqlAs(db.pool, bob, "select * from evently.hold_best_available($1, 4)", [event]);
  t.same(await holdSeatLabels(hold4.id, bob), ["Ring A10", "Ring A11", "Ring A12", "Ring B1"],
    "A10-A12 and B1-B2 hold no 4 adjacent seats (the aisle breaks row A), so the best seats row by row");
  const [{ total_cents }] = await sqlAs(db.pool, bob, "select total_cents from evently.confirm_hold($1)", [hold4.id]);
  t.equal(total_cents, 3 * 9000 + 4000, "three premium seats and one standard");
  t.same(await seatMismatches(db), []);
});

t.test("a reserved event copies the venue's seats, capacity = seat count, prices per category", async (t) => {
  const venue = await createSeatedVenue(db, admin, [
    { name: "Stalls", rows: 2, seatsPerRow: 5 },
    { name: "Box", rows: 1, seatsPerRow: 2, category: "premium" },
  ]);
  const event = await createSeatedEvent(db, admin, venue, { categoryPrices: { premium: 12000 }, priceCents: 3000 });
  const [e] = (await db.pool.query("select capacity, seating from evently.events where id = $1", [event])).rows;
  t.same(e, { capacity: 12, seating: "reserved" });
  const map = await sqlAs(db.pool, null, "select label, category, price_cents, status, x, y from evently.event_seat_map($1)", [event]);
  t.equal(map.length, 12, "anonymous users may read the seat map");
  t.same(map.find((s) => s.label === "Box A1"), { label: "Box A1", category: "premium", price_cents: 12000, status: "available", x: "8", y: "1" });
  t.equal(map.find((s) => s.label === "Stalls B5")?.price_cents, 3000, "categories without a price cost price_cents");
  t.notOk(Object.keys(map[0]).some((k) => /user|hold|booking/.test(k)), "the map never says who holds a seat");

  const errors: Array<[string, unknown[], string, string]> = [
    ["select evently.create_event('X', now() + interval '1 day', venue_id => $1, seating => 'reserved', capacity => 5)", [venue], "EVSEA", "capacity"],
    ["select evently.create_event('X', now() + interval '1 day', seating => 'reserved')", [], "EVINV", "venue_id"],
    ["select evently.create_event('X', now() + interval '1 day', 10, seating => 'balcony')", [], "EVINV", "seating"],
    ["select evently.create_event('X', now() + interval '1 day', venue_id => $1, seating => 'reserved', category_prices => '{\"vip\": 1}')", [venue], "EVINV", "category_prices"],
    ["select evently.create_event('X', now() + interval '1 day', venue_id => $1, seating => 'reserved', category_prices => '{\"premium\": -1}')", [venue], "EVINV", "category_prices"],
    ["select evently.create_event('X', now() + interval '1 day', 10, category_prices => '{\"premium\": 1}')", [], "EVSEA", "category_prices"],
    ["select evently.create_event('X', now() + interval '1 day')", [], "EVINV", "capacity"],
  ];
  for (const [sql, params, code, detail] of errors) {
    const error = await sqlAs(db.pool, admin, sql, params).catch((err) => err);
    t.equal(error.code, code, `${detail}: ${code}`);
    t.equal(error.detail, detail);
  }
  const [empty] = await sqlAs(db.pool, admin, "select id from evently.create_venue('Empty')");
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.create_event('X', now() + interval '1 day', venue_id => $1, seating => 'reserved')", [empty.id])), "EVLAY");
  t.equal(await sqlState(sqlAs(db.pool, admin, "select evently.update_event($1, capacity => 20)", [event])), "EVSEA");
});

t.test("hold_seats is all or nothing; a taken seat is EVSTK and leaves nothing held", async (t) => {
  const venue = await createSeatedVenue(db, admin, [{ name: "Stalls", rows: 2, seatsPerRow: 6 }]);
  const event = await createSeatedEvent(db, admin, venue, { priceCents: 2500 });
  const ids = await seatIds(db, event);
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_seats($1, $2)", [event, [ids.get("Stalls A3"), ids.get("Stalls A4")]]);
  t.equal(hold.quantity, 2);
  t.same(await holdSeatLabels(hold.id, alice), ["Stalls A3", "Stalls A4"]);
  t.same(await holdSeatLabels(hold.id, bob), [], "another user cannot list the seats of alice's hold");
  const error = await sqlAs(db.pool, bob, "select evently.hold_seats($1, $2)", [event, [ids.get("Stalls A2"), ids.get("Stalls A3")]]).catch((e) => e);
  t.equal(error.code, "EVSTK");
  t.match(error.message, /Stalls A3/, "the message names the taken seat");
  const map = await sqlAs(db.pool, null, "select label, status from evently.event_seat_map($1) where status <> 'available'", [event]);
  t.same(map.map((s) => s.label).sort(), ["Stalls A3", "Stalls A4"], "A2 was not held by the refused request");
  const [{ held }] = (await db.pool.query("select held from evently.events where id = $1", [event])).rows;
  t.equal(held, 2);

  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.hold_seats($1, '{}')", [event])), "EVQTY");
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.hold_seats($1, $2)", [event, [ids.get("Stalls B1"), ids.get("Stalls B1")]])), "EVINV");
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.hold_seats($1, $2)", [event, ["00000000-0000-0000-0000-000000000000"]])), "EVNFD");
  const ga = (await sqlAs(db.pool, admin, "select id from evently.create_event('GA', now() + interval '1 day', 10)"))[0].id;
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.hold_seats($1, $2)", [ga, [ids.get("Stalls B1")]])), "EVSEA");
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.hold_best_available($1, 1)", [ga])), "EVSEA");

  const [booking] = await sqlAs(db.pool, alice, "select * from evently.confirm_hold($1)", [hold.id]);
  t.equal(booking.total_cents, 5000);
  const tickets = await sqlAs(db.pool, alice, "select s.label from evently.tickets t, evently.tickets_seat(t) s where t.booking_id = $1 order by 1", [booking.id]);
  t.same(tickets.map((r) => r.label), ["Stalls A3", "Stalls A4"], "one ticket per seat");
  t.same(await seatMismatches(db), []);
  t.same(await counterMismatches(db), []);
});

t.test("best available: 4 adjacent seats in the best row, centre first; section filter; fallback", async (t) => {
  const venue = await createSeatedVenue(db, admin, [
    { name: "Stalls", rows: 3, seatsPerRow: 10 },
    { name: "Gallery", rows: 2, seatsPerRow: 4 },
  ]);
  const event = await createSeatedEvent(db, admin, venue);
  const [hold] = await sqlAs(db.pool, alice, "select * from evently.hold_best_available($1, 4, section => 'Stalls')", [event]);
  t.same(await holdSeatLabels(hold.id, alice), ["Stalls A4", "Stalls A5", "Stalls A6", "Stalls A7"], "4 consecutive centre seats of row A");
  const [h2] = await sqlAs(db.pool, bob, "select * from evently.hold_best_available($1, 4, section => 'Stalls')", [event]);
  t.same(await holdSeatLabels(h2.id, bob), ["Stalls B4", "Stalls B5", "Stalls B6", "Stalls B7"],
    "row A has only 3 adjacent free seats on each side, so the centre of row B is better than splitting");
  const [h3] = await sqlAs(db.pool, bob, "select * from evently.hold_best_available($1, 3, section => 'Stalls')", [event]);
  const h3Labels = await holdSeatLabels(h3.id, bob);
  t.ok(["Stalls A1,Stalls A2,Stalls A3", "Stalls A8,Stalls A9,Stalls A10"].includes(h3Labels.join(",")), `3 fit in row A: ${h3Labels}`);
  const [g] = await sqlAs(db.pool, alice, "select * from evently.hold_best_available($1, 6, section => 'Gallery')", [event]);
  t.equal((await holdSeatLabels(g.id, alice)).length, 6, "no row of the gallery has 6 seats: best seats row by row");
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.hold_best_available($1, 3, section => 'Gallery')", [event])), "EVSLD",
    "only 2 gallery seats are left");
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.hold_best_available($1, 3, section => 'Nowhere')", [event])), "EVSLD");
  t.same(await seatMismatches(db), []);
});

t.test("late in a sale, best available walks the seats once, not once per nearly full row", async (t) => {
  // 30 rows of 8 seats; the first 29 keep only seats 2, 5 and 8 free (no two adjacent), so
  // a pair fits only in the last row. Each hold runs while the event row is locked: a
  // statement per row passed over made every hold dearer the fuller the venue was.
  const venue = await createSeatedVenue(db, admin, [{ name: "Hall", rows: 30, seatsPerRow: 8 }]);
  const event = await createSeatedEvent(db, admin, venue, { maxPerUser: 1000 });
  const { rows: taken } = await db.pool.query<{ id: string }>(
    `select id from evently.event_seats
      where event_id = $1 and seat_number in (1, 3, 4, 6, 7)
        and row_rank < (select max(row_rank) from evently.event_seats where event_id = $1)`, [event]);
  t.equal(taken.length, 29 * 5);
  const carol = await createUser(db);
  await sqlAs(db.pool, carol, "select evently.hold_seats($1, $2)", [event, taken.map((r) => r.id)]);

  const { value: hold, scans } = await asUser(db.pool, bob, (client) => tableReads(client, ["evently.event_seats"], async () =>
    (await client.query("select * from evently.hold_best_available($1, 2)", [event])).rows[0]));
  t.same(await holdSeatLabels(hold.id, bob), ["Hall AD4", "Hall AD5"], "the centre pair of the only row with room");
  // Choosing the seats, reading their ids, marking them held: three scans (a walk that
  // queried each full row took two per row: 62 here).
  t.ok(scans("evently.event_seats") <= 4, `${scans("evently.event_seats")} scans of event_seats for one hold`);
  t.same(await seatMismatches(db), []);
});

t.test("hold_tickets and book_tickets on a seated event take the best available seats", async (t) => {
  const venue = await createSeatedVenue(db, admin, [{ name: "Main", rows: 2, seatsPerRow: 5 }]);
  const event = await createSeatedEvent(db, admin, venue, { priceCents: 1000 });
  const [booking] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 3, idempotency_key => 'seats-1')", [event]);
  t.equal(booking.quantity, 3);
  t.equal(booking.total_cents, 3000);
  const [again] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 3, idempotency_key => 'seats-1')", [event]);
  t.equal(again.id, booking.id, "idempotent like general admission");
  const labels = (await db.pool.query("select label from evently.event_seats where booking_id = $1 order by seat_number", [booking.id])).rows.map((r) => r.label);
  t.same(labels, ["Main A2", "Main A3", "Main A4"]);
  const [hold] = await sqlAs(db.pool, bob, "select * from evently.hold_tickets($1, 2)", [event]);
  t.equal((await holdSeatLabels(hold.id, bob)).length, 2);
  t.equal(await sqlState(sqlAs(db.pool, bob, "select evently.book_tickets($1, 6)", [event])), "EVSLD", "5 seats left");
  t.same(await seatMismatches(db), []);
  t.same(await counterMismatches(db), []);
});

t.test("release, expiry (no worker), cancel_booking and cancel_event free exactly their seats", async (t) => {
  const venue = await createSeatedVenue(db, admin, [{ name: "Main", rows: 1, seatsPerRow: 6 }]);
  const event = await createSeatedEvent(db, admin, venue);
  const ids = await seatIds(db, event);
  const seat = (n: number) => ids.get(`Main A${n}`);
  const [h1] = await sqlAs(db.pool, alice, "select * from evently.hold_seats($1, $2)", [event, [seat(1), seat(2)]]);
  const [h2] = await sqlAs(db.pool, bob, "select * from evently.hold_seats($1, $2)", [event, [seat(3)]]);
  const [b1] = await sqlAs(db.pool, bob, "select * from evently.confirm_hold($1)", [h2.id]);
  const [h3] = await sqlAs(db.pool, alice, "select * from evently.hold_seats($1, $2)", [event, [seat(4), seat(5)]]);
  const status = async () =>
    Object.fromEntries((await sqlAs(db.pool, null, "select label, status from evently.event_seat_map($1)", [event])).map((r) => [r.label, r.status]));
  t.same(await status(), { "Main A1": "held", "Main A2": "held", "Main A3": "booked", "Main A4": "held", "Main A5": "held", "Main A6": "available" });

  await sqlAs(db.pool, alice, "select evently.release_hold($1)", [h1.id]);
  t.same(await status(), { "Main A1": "available", "Main A2": "available", "Main A3": "booked", "Main A4": "held", "Main A5": "held", "Main A6": "available" });

  await expireHoldNow(db, h3.id);
  t.equal((await status())["Main A4"], "available", "the map shows seats of an expired hold as available at once");
  const [taken] = await sqlAs(db.pool, bob, "select * from evently.hold_seats($1, $2)", [event, [seat(4)]]);
  t.equal(taken.status, "active", "the next buyer gets a seat of the expired hold with no worker running");
  t.equal((await db.pool.query("select status from evently.holds where id = $1", [h3.id])).rows[0].status, "expired");
  t.equal((await status())["Main A5"], "available");

  await sqlAs(db.pool, bob, "select evently.cancel_booking($1)", [b1.id]);
  t.equal((await status())["Main A3"], "available");
  const [b2] = await sqlAs(db.pool, alice, "select * from evently.hold_seats($1, $2)", [event, [seat(3)]]);
  t.ok(b2.id, "a cancelled booking's seat can be held again");
  t.same(await seatMismatches(db), []);

  await sqlAs(db.pool, admin, "select evently.cancel_event($1)", [event]);
  const after = await status();
  t.ok(Object.values(after).every((s) => s === "available"), "cancelling the event frees every seat");
  t.same(await seatMismatches(db), []);
  t.same(await counterMismatches(db), []);
});

t.test("the per-user limit counts seats too", async (t) => {
  const venue = await createSeatedVenue(db, admin, [{ name: "Main", rows: 2, seatsPerRow: 10 }]);
  const event = await createSeatedEvent(db, admin, venue, { maxPerUser: 4 });
  await sqlAs(db.pool, alice, "select evently.hold_best_available($1, 3)", [event]);
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.hold_best_available($1, 2)", [event])), "EVLIM");
  t.equal(await sqlState(sqlAs(db.pool, alice, "select evently.book_tickets($1, 2)", [event])), "EVLIM");
});

t.test("a unique index forbids two valid tickets on one seat, whatever the functions do", async (t) => {
  const venue = await createSeatedVenue(db, admin, [{ name: "Main", rows: 1, seatsPerRow: 2 }]);
  const event = await createSeatedEvent(db, admin, venue);
  const [booking] = await sqlAs(db.pool, alice, "select * from evently.book_tickets($1, 1)", [event]);
  const { rows } = await db.pool.query("select seat_id from evently.tickets where booking_id = $1", [booking.id]);
  const error = await db.pool
    .query("insert into evently.tickets (booking_id, event_id, user_id, seat_id) values ($1, $2, $3, $4)", [booking.id, event, bob, rows[0].seat_id])
    .catch((e) => e);
  t.equal(error.code, "23505", "unique violation");
  const owner = await db.pool.query("update evently.event_seats set hold_id = booking_id where booking_id = $1", [booking.id]).catch((e) => e);
  t.equal(owner.code, "23514", "a seat cannot be held and booked at once (check constraint)");
});
