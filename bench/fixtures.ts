// Events for one run. General admission: inserted directly as the owner (not through
// create_event): setup is not what is measured, and fixed ids let pgbench scripts
// address them. Reserved seating: through the SQL API (create_venue, add_seats,
// create_event) as the bench's admin, because the seat inventory is what those build.
import type pg from "pg";
import { eventId } from "./ids.ts";

export interface EventSet {
  run: number;
  ids: string[];
  /** Capacity of each event. */
  capacity: number;
}

/**
 * `count` events of `capacity` each, in evently.events (atomic) or bench.events (the
 * comparison strategies). The per-user limit is lifted: bench users book many times.
 */
export async function createEvents(
  pool: pg.Pool,
  run: number,
  count: number,
  capacity: number,
  table: "evently" | "bench",
): Promise<EventSet> {
  const ids = Array.from({ length: count }, (_, i) => eventId(run, i + 1));
  if (table === "evently") {
    await pool.query(
      `insert into evently.events (id, name, starts_at, capacity, max_tickets_per_user)
       select id::uuid, 'Bench event ' || id, now() + interval '30 days', $2, 1000000 from unnest($1::text[]) id`,
      [ids, capacity],
    );
  } else {
    await pool.query(`insert into bench.events (id, capacity) select id::uuid, $2 from unnest($1::text[]) id`, [ids, capacity]);
  }
  // Statistics that know these events: planned with a table the statistics call tiny, each
  // booking's counter update chose the partial index of upcoming events over the primary key
  // and read every upcoming event to find its own (1,114 index entries per booking with 1,000
  // events), which autovacuum's next analyze would fix after a run of seconds has ended.
  await pool.query(table === "evently" ? "analyze evently.events" : "analyze bench.events");
  return { run, ids, capacity };
}

export interface Section {
  name: string;
  rows: number;
  seatsPerRow: number;
  category: string;
}

/** The 10,000-seat hall of the concurrency test (test/concurrency/seats.test.ts). */
const HALL: Section[] = [
  { name: "Stalls", rows: 50, seatsPerRow: 100, category: "standard" },
  { name: "Circle", rows: 25, seatsPerRow: 80, category: "premium" },
  { name: "Gallery", rows: 25, seatsPerRow: 80, category: "standard" },
  { name: "Boxes", rows: 20, seatsPerRow: 50, category: "standard" },
];

/**
 * The hall with its rows made narrower or wider so it holds `seats` seats: exactly for
 * every multiple of 1,000 up to 50,000 (rows of 10, 8, 8 and 5 seats per 1,000), about
 * otherwise. The rows stay, so the best-available search visits as many row ranks.
 */
export function seatLayout(seats: number): Section[] {
  const scale = seats / 10_000;
  return HALL.map((s) => ({ ...s, seatsPerRow: Math.min(500, Math.max(1, Math.round(s.seatsPerRow * scale))) }));
}

export const layoutSeats = (layout: Section[]) => layout.reduce((n, s) => n + s.rows * s.seatsPerRow, 0);

/** The bench's admin (not one of the numbered bench users). */
const ADMIN_ID = "00000000-0000-4000-8000-a00000000000";

/**
 * One venue built with evently.add_seats and `count` reserved-seating events on it, made
 * through the SQL API as an admin (create_event copies the layout into each event's
 * seats). Holds last a day, so none expires during a run; no per-user limit to speak of.
 */
export async function createSeatedEvents(pool: pg.Pool, run: number, seats: number, count: number): Promise<EventSet> {
  const layout = seatLayout(seats);
  const client = await pool.connect();
  try {
    await client.query(
      `insert into evently.users (id, email, name, role) values ($1, 'bench-admin@example.com', 'Bench admin', 'admin')
       on conflict (id) do nothing`,
      [ADMIN_ID],
    );
    await client.query("begin");
    await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [ADMIN_ID]);
    const { rows: [venue] } = await client.query("select id from evently.create_venue($1, city => 'Bench')", [`Bench hall ${run}`]);
    for (const s of layout) {
      await client.query("select count(*) from evently.add_seats($1, $2, $3, $4, $5)", [venue.id, s.name, s.rows, s.seatsPerRow, s.category]);
    }
    const ids: string[] = [];
    for (let i = 1; i <= count; i++) {
      const { rows: [event] } = await client.query(
        `select id, capacity from evently.create_event(name => $1, starts_at => now() + interval '30 days', venue_id => $2,
           seating => 'reserved', category_prices => '{"premium": 8000}', price_cents => 4000,
           max_tickets_per_user => 1000000, hold_ttl => interval '1 day')`,
        [`Bench seated ${run}.${i}`, venue.id],
      );
      if (event.capacity !== layoutSeats(layout)) throw new Error(`seated event has ${event.capacity} seats, expected ${layoutSeats(layout)}`);
      ids.push(event.id);
    }
    await client.query("commit");
    await client.query("analyze evently.event_seats");
    return { run, ids, capacity: layoutSeats(layout) };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
