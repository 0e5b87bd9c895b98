// After every run: did anything sell beyond capacity, do the counters equal the rows
// they count, and does the database hold exactly the bookings clients were told about?
// (Seats in two bookings join this check when seats (issue 3) land.)
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
    if (r.booked !== r.sold || r.held !== r.held_rows || r.tickets !== r.sold) counterMismatches++;
  }
  return { capacity, sold, oversold, counterMismatches, unaccounted: clientSuccesses - sold };
}
