// Demo data on first boot only (an empty users table): a venue, a few events and an
// admin whose random password is printed once (`npm run admin -- reset-password
// admin@evently.local` sets a new one). Everything goes through the SQL API. The demo's
// events are marked in audit_log and roll forward at each boot (rollDemoEvents), so the
// demo never runs out of upcoming events.
import { randomBytes } from "node:crypto";
import type pg from "pg";

const DEMO_ADMIN = "admin@evently.local";
const DEMO_EVENTS = ["Opening Night Concert", "Tech Talk: Postgres at Scale", "Comedy Evening", "Chamber Orchestra (reserved seating)"];

export interface SeedResult {
  email: string;
  password: string;
}

export async function seedDemoData(pool: pg.Pool): Promise<SeedResult | undefined> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    // Two instances booting together must not both seed.
    await client.query("select pg_advisory_xact_lock(hashtext('evently.seed'))");
    const { rows } = await client.query("select exists (select 1 from evently.users) as seeded");
    if (rows[0].seeded) {
      await client.query("rollback");
      return undefined;
    }
    const email = DEMO_ADMIN;
    const password = randomBytes(9).toString("base64url");
    const admin = await client.query("select id from evently.register($1, $2, 'Demo Admin')", [email, password]);
    await client.query("select evently_private.set_user_role($1, 'admin')", [email]);
    await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [
      admin.rows[0].id,
    ]);
    const venue = await client.query(
      "select id from evently.create_venue(name => 'Evently Hall', address => '1 Demo Street', city => 'Berlin', country => 'DE')",
    );
    const venueId = venue.rows[0].id;
    const events: Array<[string, string, number, number]> = [
      ["Opening Night Concert", "7 days", 500, 4500],
      ["Tech Talk: Postgres at Scale", "14 days", 120, 0],
      ["Comedy Evening", "21 days", 80, 2000],
    ];
    for (const [name, offset, capacity, price] of events) {
      await client.query(
        "select evently.create_event(name => $1, starts_at => now() + $2::interval, capacity => $3, venue_id => $4, price_cents => $5)",
        [name, offset, capacity, venueId, price],
      );
    }
    // A reserved-seating hall: two sections, the front one premium.
    const hall = await client.query("select id from evently.create_venue(name => 'Evently Theatre', city => 'Berlin', country => 'DE')");
    await client.query("select count(*) from evently.add_seats($1, 'Stalls', 12, 20, 'standard')", [hall.rows[0].id]);
    await client.query("select count(*) from evently.add_seats($1, 'Circle', 4, 16, 'premium')", [hall.rows[0].id]);
    await client.query(
      `select evently.create_event(name => 'Chamber Orchestra (reserved seating)', starts_at => now() + interval '10 days',
         venue_id => $1, seating => 'reserved', price_cents => 3500, category_prices => '{"premium": 6500}')`,
      [hall.rows[0].id],
    );
    await client.query("reset role");
    await markDemoEvents(client, admin.rows[0].id);
    await client.query("commit");
    return { email, password };
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Marks the demo admin's seeded events in audit_log ('demo_event_seeded'); databases seeded before marks existed get them too. */
async function markDemoEvents(client: pg.PoolClient | pg.Pool, adminId?: string): Promise<void> {
  await client.query(
    `insert into evently.audit_log (actor_id, action, subject_type, subject_id)
     select null, 'demo_event_seeded', 'event', e.id
       from evently.events e join evently.users u on u.id = e.created_by
      where ($1::uuid is null or u.id = $1) and u.email = $2 and e.name = any($3)
        and not exists (select 1 from evently.audit_log a where a.action = 'demo_event_seeded' and a.subject_id = e.id)`,
    [adminId ?? null, DEMO_ADMIN, DEMO_EVENTS],
  );
}

/** Moves demo events that have started forward by whole weeks (evently_private.roll_demo_events); returns how many moved. */
export async function rollDemoEvents(pool: pg.Pool): Promise<number> {
  await markDemoEvents(pool);
  const { rows } = await pool.query("select evently_private.roll_demo_events() as moved");
  return rows[0].moved;
}
