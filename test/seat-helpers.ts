// Reserved-seating fixtures and invariants.
import { randomUUID } from "node:crypto";
import { counterMismatches, sqlAs, type TestDb } from "./helpers.ts";

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
 * Every violated invariant (empty = consistent). Seats have no oracle of their own: the
 * database's one oracle (evently_private.invariant_violations) covers seat statuses
 * against holds and bookings, seats owned by nothing, seat tickets and seats per hold.
 */
export async function seatMismatches(db: TestDb): Promise<unknown[]> {
  return counterMismatches(db);
}
