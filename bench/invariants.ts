// After every run: did anything sell beyond capacity, do the counters equal the rows
// they count, and does the database hold exactly the bookings clients were told about?
// Seats runs add: no seat in two holds or tickets, no seat held or booked by nothing,
// no "sold out" while enough seats were free (checkSeatInvariants).
import type pg from "pg";
import { runEventPattern } from "./ids.ts";

export interface InvariantResult {
  capacity: number;
  /** Tickets in confirmed bookings (rows, not counters). */
  sold: number;
  /** Σ max(0, sold − capacity) over the run's events. */
  oversold: number;
  /** Events whose counters differ from the rows they count. */
  counterMismatches: number;
  /** Bookings clients were told succeeded minus bookings in the database (should be 0). */
  unaccounted: number;
  /** Seats runs only. */
  seats?: SeatChecks;
}

export async function checkInvariants(
  pool: pg.Pool,
  run: number,
  table: "evently" | "bench",
  clientSuccesses: number,
): Promise<InvariantResult> {
  const pattern = runEventPattern(run);
  const query =
    table === "evently"
      ? `select e.capacity, e.booked, e.held,
                coalesce((select sum(quantity) from evently.bookings b where b.event_id = e.id and b.status = 'confirmed'), 0)::int as sold,
                coalesce((select sum(quantity) from evently.holds h where h.event_id = e.id and h.status = 'active'), 0)::int as held_rows,
                (select count(*) from evently.tickets t where t.event_id = e.id and t.status = 'valid')::int as tickets
           from evently.events e where e.id::text like $1`
      : `select e.capacity, e.booked, 0 as held, 0 as held_rows,
                coalesce((select sum(quantity) from bench.bookings b where b.event_id = e.id), 0)::int as sold,
                coalesce((select sum(quantity) from bench.bookings b where b.event_id = e.id), 0)::int as tickets
           from bench.events e where e.id::text like $1`;
  const { rows } = await pool.query(query, [pattern]);
  let capacity = 0;
  let sold = 0;
  let oversold = 0;
  let counterMismatches = 0;
  for (const r of rows) {
    capacity += r.capacity;
    sold += r.sold;
    oversold += Math.max(0, r.sold - r.capacity);
    // The bench's own baseline tables have no oracle: booked against its rows.
    if (table === "bench" && r.booked !== r.sold) counterMismatches++;
  }
  if (table === "evently") counterMismatches = await eventsViolatingInvariants(pool, `select id from evently.events where id::text like $1`, [pattern]);
  return { capacity, sold, oversold, counterMismatches, unaccounted: clientSuccesses - sold };
}

/**
 * Events (of those the query selects) for which the database's one invariant oracle,
 * evently_private.invariant_violations, reports anything: counters against holds,
 * bookings, tickets, waitlist entries and seats; seats owned by no live hold or booking.
 */
async function eventsViolatingInvariants(pool: pg.Pool, eventIdsQuery: string, values: unknown[]): Promise<number> {
  const { rows } = await pool.query(
    `select count(distinct event_id)::int as n from evently_private.invariant_violations(array(${eventIdsQuery}))`,
    values,
  );
  return rows[0].n;
}

/** Reserved seating: what only seats can get wrong. All 0 for every Evently run. */
export interface SeatChecks {
  /** Seats granted to clients (Σ quantity of successful holds). */
  granted: number;
  /**
   * Seats in two holds or tickets: seats with more than one valid ticket, plus seats
   * missing from an active hold that was granted them (another hold or booking took them).
   */
  doubleSeats: number;
  /** Held seats whose hold is not active, booked seats without a confirmed booking. */
  orphanSeats: number;
  /**
   * Refusals ("sold out") while at least the quantity asked was free: checked right after
   * the refusal (when few checks are pending) and against the free seats at the end. Seats
   * are only ever taken during a run, so free seats afterwards were free at the refusal.
   */
  falseSoldOuts: number;
}

/** A refused best-available request: seats asked, and free seats checked right after (if checked). */
export interface SeatRefusal {
  quantity: number;
  freeAfter?: number;
}

/**
 * After a seats run: seat statuses against counters, holds, bookings and tickets, and
 * the seats clients were told they hold against the seats the database says are held.
 */
export async function checkSeatInvariants(
  pool: pg.Pool,
  eventIds: string[],
  client: { holds: number; seats: number; refusals: SeatRefusal[] },
): Promise<InvariantResult> {
  const { rows } = await pool.query(
    `select e.capacity, e.held, e.booked,
            (select count(*) from evently.event_seats s where s.event_id = e.id and s.status = 'held')::int as held_seats,
            (select count(*) from evently.event_seats s where s.event_id = e.id and s.status = 'booked')::int as booked_seats,
            coalesce((select sum(quantity) from evently.holds h where h.event_id = e.id and h.status = 'active'), 0)::int as held_rows,
            (select count(*) from evently.holds h where h.event_id = e.id and h.status = 'active')::int as holds,
            coalesce((select sum(quantity) from evently.bookings b where b.event_id = e.id and b.status = 'confirmed'), 0)::int as sold,
            (select count(*) from evently.tickets t where t.event_id = e.id and t.status = 'valid')::int as tickets,
            (select count(*) from (select t.seat_id from evently.tickets t
                                    where t.event_id = e.id and t.status = 'valid' and t.seat_id is not null
                                    group by t.seat_id having count(*) > 1) d)::int as seats_in_two_tickets,
            coalesce((select sum(greatest(0, h.quantity - (select count(*) from evently.event_seats s where s.hold_id = h.id and s.status = 'held')))
                        from evently.holds h where h.event_id = e.id and h.status = 'active'), 0)::int as seats_missing_from_holds,
            (select count(*) from evently.event_seats s left join evently.holds h on h.id = s.hold_id
              where s.event_id = e.id and s.status = 'held' and (h.status is distinct from 'active' or h.event_id <> s.event_id))::int as held_orphans,
            (select count(*) from evently.event_seats s left join evently.bookings b on b.id = s.booking_id
              where s.event_id = e.id and s.status = 'booked' and (b.status is distinct from 'confirmed' or b.event_id <> s.event_id))::int as booked_orphans
       from evently.events e where e.id = any ($1::uuid[])`,
    [eventIds],
  );
  let capacity = 0;
  let taken = 0;
  let oversold = 0;
  let counterMismatches = 0;
  let heldSeats = 0;
  let holds = 0;
  let doubleSeats = 0;
  let orphanSeats = 0;
  let freeAtEnd = 0;
  for (const r of rows) {
    capacity += r.capacity;
    const seatsTaken = r.held_seats + r.booked_seats;
    taken += seatsTaken;
    oversold += Math.max(0, seatsTaken - r.capacity);
    freeAtEnd += r.capacity - r.held - r.booked;
    heldSeats += r.held_seats;
    holds += r.holds;
    doubleSeats += r.seats_in_two_tickets + r.seats_missing_from_holds;
    orphanSeats += r.held_orphans + r.booked_orphans;
  }
  counterMismatches = await eventsViolatingInvariants(pool, "select unnest($1::uuid[])", [eventIds]);
  // One event per seats run: a refusal of q seats with q free right after it, or still
  // free at the end, was a false sold-out.
  const falseSoldOuts =
    eventIds.length === 1 ? client.refusals.filter((r) => Math.max(r.freeAfter ?? 0, freeAtEnd) >= r.quantity).length : 0;
  // Seats clients hold minus seats held in the database; if those agree, holds minus holds.
  const seatsUnaccounted = client.seats - heldSeats;
  return {
    capacity,
    sold: taken,
    oversold,
    counterMismatches,
    unaccounted: seatsUnaccounted !== 0 ? seatsUnaccounted : client.holds - holds,
    seats: {
      granted: client.seats,
      doubleSeats,
      orphanSeats,
      falseSoldOuts,
    },
  };
}
