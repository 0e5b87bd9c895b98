// Model-based test (fast-check, seeded): random sequences of holds, bookings, confirmations,
// releases, cancellations, hold expiry and the expiry sweep, by three users on one small
// general-admission event, run against the real SQL functions and against a plain model of
// the rules (capacity; the per-user limit over unexpired holds and bookings; expired holds
// still counted until something reclaims them, and reclaimed when a request finds the event
// sold out; confirm refuses an expired hold; only owners see their holds and bookings).
// After every step the outcome (success or the registered code) must be the model's, the
// event's counters must be the model's, and the invariant oracle must find nothing.
// EVENTLY_MODEL_RUNS (default 40) and EVENTLY_MODEL_SEED reproduce a run.
import t from "tap";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { counterMismatches, createEvent, createTestDb, createUser, sqlAs, sqlState, type TestDb } from "../helpers.ts";

const RUNS = Number(process.env.EVENTLY_MODEL_RUNS ?? 30);
const SEED = Number(process.env.EVENTLY_MODEL_SEED ?? 20261202);
const CAPACITY = 5;
const LIMIT = 3;
/** The per-user limit the model believes in (the meta-test below plants a wrong one). */
let modelLimit = LIMIT;

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });
const users = [await createUser(db), await createUser(db), await createUser(db)];

interface ModelHold { id: string; user: number; quantity: number; status: "active" | "confirmed" | "released" | "expired"; expired: boolean }
interface ModelBooking { id: string; user: number; quantity: number; cancelled: boolean }
interface Model { holds: ModelHold[]; bookings: ModelBooking[] }
interface Real { db: TestDb; event: string }

const activeHeld = (m: Model) => m.holds.filter((h) => h.status === "active").reduce((n, h) => n + h.quantity, 0);
const booked = (m: Model) => m.bookings.filter((b) => !b.cancelled).reduce((n, b) => n + b.quantity, 0);
const live = (m: Model, user: number) =>
  m.holds.filter((h) => h.user === user && h.status === "active" && !h.expired).reduce((n, h) => n + h.quantity, 0) +
  m.bookings.filter((b) => b.user === user && !b.cancelled).reduce((n, b) => n + b.quantity, 0);
function reclaim(m: Model) {
  for (const h of m.holds) if (h.status === "active" && h.expired) h.status = "expired";
}
/** What taking quantity tickets does in the model: the outcome code, or undefined when it succeeds. */
function take(m: Model, user: number, quantity: number): string | undefined {
  if (quantity < 1) return "EVQTY";
  if (quantity > modelLimit || live(m, user) + quantity > modelLimit) return "EVLIM";
  if (CAPACITY - activeHeld(m) - booked(m) < quantity) {
    // take_capacity: looks sold out, so expired holds are reclaimed first. A request that
    // still fails rolls back, its reclaim with it: only a success keeps the reclaim.
    const copy: Model = structuredClone(m);
    reclaim(copy);
    if (CAPACITY - activeHeld(copy) - booked(copy) < quantity) return "EVSLD";
    reclaim(m);
  }
  return undefined;
}

let steps = 0;
/** Throws (so fast-check shrinks to the shortest failing history) unless the database is the model's. */
async function check(m: Model, r: Real, step: string) {
  steps++;
  const { rows: [e] } = await r.db.pool.query("select held, booked from evently.events where id = $1", [r.event]);
  const want = { held: activeHeld(m), booked: booked(m) };
  if (!isDeepStrictEqual(e, want)) throw new Error(`${step}: counters ${JSON.stringify(e)}, the model says ${JSON.stringify(want)}`);
  const violations = await counterMismatches(r.db, [r.event]);
  if (violations.length) throw new Error(`${step}: the oracle found ${JSON.stringify(violations)}`);
}

type Cmd = fc.AsyncCommand<Model, Real>;
const outcome = (step: string, got: string | undefined, want: string | undefined) => {
  if (got !== want) throw new Error(`${step}: got ${got ?? "success"}, the model says ${want ?? "success"}`);
};

class Hold implements Cmd {
  readonly user: number;
  readonly quantity: number;
  constructor(user: number, quantity: number) { this.user = user; this.quantity = quantity; }
  check = () => true;
  async run(m: Model, r: Real) {
    const want = take(m, this.user, this.quantity);
    let id: string | undefined;
    const got = await sqlState(sqlAs(r.db.pool, users[this.user], "select id from evently.hold_tickets($1, $2)", [r.event, this.quantity]).then((rows) => { id = rows[0].id; }));
    outcome(this.toString(), got, want);
    if (id) m.holds.push({ id, user: this.user, quantity: this.quantity, status: "active", expired: false });
    await check(m, r, this.toString());
  }
  toString = () => `hold(u${this.user}, ${this.quantity})`;
}
class Book implements Cmd {
  readonly user: number;
  readonly quantity: number;
  constructor(user: number, quantity: number) { this.user = user; this.quantity = quantity; }
  check = () => true;
  async run(m: Model, r: Real) {
    const want = take(m, this.user, this.quantity);
    let id: string | undefined;
    const got = await sqlState(sqlAs(r.db.pool, users[this.user], "select id from evently.book_tickets($1, $2)", [r.event, this.quantity]).then((rows) => { id = rows[0].id; }));
    outcome(this.toString(), got, want);
    if (id) m.bookings.push({ id, user: this.user, quantity: this.quantity, cancelled: false });
    await check(m, r, this.toString());
  }
  toString = () => `book(u${this.user}, ${this.quantity})`;
}
class OnHold implements Cmd {
  readonly action: "confirm" | "release" | "expire";
  readonly pick: number;
  readonly byOwner: boolean;
  constructor(action: "confirm" | "release" | "expire", pick: number, byOwner: boolean) { this.action = action; this.pick = pick; this.byOwner = byOwner; }
  check = (m: Readonly<Model>) => m.holds.length > 0;
  async run(m: Model, r: Real) {
    const h = m.holds[this.pick % m.holds.length];
    if (this.action === "expire") {
      if (h.status !== "active") return;
      await r.db.pool.query("update evently.holds set expires_at = now() - interval '1 second' where id = $1", [h.id]);
      h.expired = true;
      return check(m, r, this.toString());
    }
    const by = this.byOwner ? h.user : (h.user + 1) % users.length;
    let want: string | undefined;
    if (by !== h.user) want = "EVNFD";
    else if (h.status !== "active") want = "EVHNA";
    else if (this.action === "confirm" && h.expired) want = "EVHEX";
    const fn = this.action === "confirm" ? "confirm_hold" : "release_hold";
    let bookingId: string | undefined;
    const got = await sqlState(sqlAs(r.db.pool, users[by], `select * from evently.${fn}($1)`, [h.id]).then((rows) => { bookingId = rows[0].id; }));
    outcome(this.toString(), got, want);
    if (!want) {
      h.status = this.action === "confirm" ? "confirmed" : "released";
      if (this.action === "confirm") m.bookings.push({ id: bookingId!, user: h.user, quantity: h.quantity, cancelled: false });
    }
    await check(m, r, this.toString());
  }
  toString = () => `${this.action}(hold #${this.pick}, ${this.byOwner ? "owner" : "other"})`;
}
class Cancel implements Cmd {
  readonly pick: number;
  readonly byOwner: boolean;
  constructor(pick: number, byOwner: boolean) { this.pick = pick; this.byOwner = byOwner; }
  check = (m: Readonly<Model>) => m.bookings.length > 0;
  async run(m: Model, r: Real) {
    const b = m.bookings[this.pick % m.bookings.length];
    const by = this.byOwner ? b.user : (b.user + 1) % users.length;
    const want = by !== b.user ? "EVNFD" : b.cancelled ? "EVBCN" : undefined;
    outcome(this.toString(), await sqlState(sqlAs(r.db.pool, users[by], "select evently.cancel_booking($1)", [b.id])), want);
    if (!want) b.cancelled = true;
    await check(m, r, this.toString());
  }
  toString = () => `cancel(booking #${this.pick}, ${this.byOwner ? "owner" : "other"})`;
}
class Sweep implements Cmd {
  check = () => true;
  async run(m: Model, r: Real) {
    await r.db.pool.query("select evently_private.sweep_expired_holds()");
    reclaim(m);
    await check(m, r, "sweep");
  }
  toString = () => "sweep";
}

const user = fc.integer({ min: 0, max: users.length - 1 });
const quantity = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }) });
const commands = fc.commands([
  fc.tuple(user, quantity).map(([u, q]) => new Hold(u, q)),
  fc.tuple(user, quantity).map(([u, q]) => new Book(u, q)),
  fc.tuple(fc.constantFrom("confirm", "release", "expire") as fc.Arbitrary<"confirm" | "release" | "expire">, fc.nat(), fc.boolean()).map(([a, p, o]) => new OnHold(a, p, o)),
  fc.tuple(fc.nat(), fc.boolean()).map(([p, o]) => new Cancel(p, o)),
  fc.constant(new Sweep()),
], { maxCommands: 40, size: "+2" });

t.test(`${RUNS} random histories agree with the model (seed ${SEED})`, async (t) => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(commands, async (cmds) => {
      runs++;
      const event = await createEvent(db, admin, { capacity: CAPACITY, maxPerUser: LIMIT });
      await fc.asyncModelRun(() => ({ model: { holds: [], bookings: [] }, real: { db, event } }), cmds);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  t.ok(runs >= RUNS && steps > RUNS * 10, `${runs} histories, ${steps} steps checked`);
});

t.test("the comparison can fail: a model with a wrong per-user limit disagrees", async (t) => {
  modelLimit = LIMIT + 1;
  try {
    const event = await createEvent(db, admin, { capacity: CAPACITY, maxPerUser: LIMIT });
    await t.rejects(
      fc.asyncModelRun(() => ({ model: { holds: [], bookings: [] }, real: { db, event } }), [new Book(0, 3), new Book(0, 1)]),
      /book\(u0, 1\): got EVLIM, the model says success/,
    );
  } finally {
    modelLimit = LIMIT;
  }
});
