// Events for one run. Inserted directly as the owner (not through create_event): setup
// is not what is measured, and fixed ids let pgbench scripts address them.
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
  return { run, ids, capacity };
}
