// Reserved-seating fixtures and invariants.
import { randomUUID } from "node:crypto";
import { sqlAs, type TestDb } from "./helpers.ts";

/** A venue with one rectangular section per entry, created through the SQL API. */
export async function createSeatedVenue(
  db: TestDb,
  adminId: string,
  sections: Array<{ name: string; rows: number; seatsPerRow: number; category?: string }>,
): Promise<string> {
  const [venue] = await sqlAs(db.pool, adminId, "select id from evently.create_venue($1, city => 'Vienna')", [
    `Hall ${randomUUID().slice(0, 8)}`,
  ]);
  for (const s of sections) {
    await sqlAs(db.pool, adminId, "select count(*) from evently.add_seats($1, $2, $3, $4, $5)", [
      venue.id,
      s.name,
      s.rows,
      s.seatsPerRow,
      s.category ?? "standard",
    ]);
  }
  return venue.id;
}

export async function createSeatedEvent(
  db: TestDb,
  adminId: string,
  venueId: string,
  opts: { categoryPrices?: Record<string, number>; priceCents?: number; maxPerUser?: number; holdTtl?: string } = {},
): Promise<string> {
  const [event] = await sqlAs(
    db.pool,
    adminId,
    `select id from evently.create_event(name => $1, starts_at => now() + interval '30 days', venue_id => $2,
       seating => 'reserved', category_prices => $3, price_cents => $4, max_tickets_per_user => $5,
       hold_ttl => $6::interval)`,
    [
      `Seated ${randomUUID().slice(0, 8)}`,
      venueId,
      opts.categoryPrices ? JSON.stringify(opts.categoryPrices) : null,
      opts.priceCents ?? 0,
      opts.maxPerUser ?? 10,
      opts.holdTtl ?? "5 minutes",
    ],
  );
  return event.id;
}

/** Seat ids of an event keyed by label ("Stalls A1"). */
export async function seatIds(db: TestDb, eventId: string): Promise<Map<string, string>> {
  const rows = await sqlAs(db.pool, null, "select seat_id, label from evently.event_seat_map($1)", [eventId]);
  return new Map(rows.map((r) => [r.label, r.seat_id]));
}

/**
 * Every way seat state could disagree with itself, for every reserved event (empty = consistent):
 * counters vs seat statuses, held seats vs active holds, booked seats vs confirmed bookings
 * and valid tickets, hold quantities vs their seats.
 */
export async function seatMismatches(db: TestDb): Promise<unknown[]> {
  const { rows } = await db.pool.query(`
    select 'counters' as kind, e.id::text as subject from evently.events e
     where e.seating = 'reserved' and e.status = 'published' and (
       e.held <> (select count(*) from evently.event_seats s where s.event_id = e.id and s.status = 'held')
       or e.booked <> (select count(*) from evently.event_seats s where s.event_id = e.id and s.status = 'booked'))
    union all
    select 'held seat without active hold', s.id::text from evently.event_seats s
      left join evently.holds h on h.id = s.hold_id
     where s.status = 'held' and (h.status is distinct from 'active' or h.event_id <> s.event_id)
    union all
    select 'booked seat without confirmed booking', s.id::text from evently.event_seats s
      left join evently.bookings b on b.id = s.booking_id
     where s.status = 'booked' and (b.status is distinct from 'confirmed' or b.event_id <> s.event_id)
    union all
    select 'booked seat without exactly one valid ticket', s.id::text from evently.event_seats s
     where s.status = 'booked'
       and (select count(*) from evently.tickets t where t.seat_id = s.id and t.status = 'valid') <> 1
    union all
    select 'valid ticket on a seat not booked by its booking', t.id::text from evently.tickets t
      join evently.event_seats s on s.id = t.seat_id
     where t.status = 'valid' and s.booking_id is distinct from t.booking_id
    union all
    select 'active hold quantity <> its seats', h.id::text from evently.holds h
      join evently.events e on e.id = h.event_id and e.seating = 'reserved'
     where h.status = 'active' and h.quantity <> (select count(*) from evently.event_seats s where s.hold_id = h.id)
  `);
  return rows;
}
