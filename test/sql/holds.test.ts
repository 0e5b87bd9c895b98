// Ending a hold has one way (evently_private.close_holds) whoever ends it: release, decline,
// the expiry job, reclaiming by a booking, leaving a waitlist, cancelling the event. Each
// gives the tickets back once and leaves no expiry job behind.
import t, { type Test } from "tap";
import { counterMismatches, createEvent, createTestDb, createUser, expireHoldNow, relayHoldExpiries, sqlAs, sqlState } from "../helpers.ts";

const db = await createTestDb(t);
const admin = await createUser(db, { admin: true });

async function expiryJobs(holdId: string): Promise<number> {
  const { rows } = await db.pool.query("select count(*)::int as n from graphile_worker.jobs where key = $1", [`expire_hold:${holdId}`]);
  return rows[0].n;
}
async function hold(t: Test, userId: string, event: string, quantity = 1) {
  const [h] = await sqlAs(db.pool, userId, "select * from evently.hold_tickets($1, $2)", [event, quantity]);
  await relayHoldExpiries(db);
  t.equal(await expiryJobs(h.id), 1, "(a new hold has its expiry job once the relay ran)");
  return h;
}
async function status(holdId: string): Promise<string> {
  return (await db.pool.query("select status from evently.holds where id = $1", [holdId])).rows[0].status;
}

t.test("released, expired by its job, reclaimed by a booking, cancelled with the event: no expiry job stays", async (t) => {
  const event = await createEvent(db, admin, { capacity: 3 });
  const [a, b, c] = [await createUser(db), await createUser(db), await createUser(db)];

  const released = await hold(t, a, event);
  await sqlAs(db.pool, a, "select evently.release_hold($1)", [released.id]);
  t.same([await status(released.id), await expiryJobs(released.id)], ["released", 0], "release");

  const byJob = await hold(t, a, event);
  await expireHoldNow(db, byJob.id);
  await db.pool.query("select evently_private.expire_hold($1)", [byJob.id]);
  t.same([await status(byJob.id), await expiryJobs(byJob.id)], ["expired", 0], "the expiry job's function");

  // Sold out by three holds, one of them expired: a booking reclaims it.
  const [h1, h2, h3] = [await hold(t, a, event), await hold(t, b, event), await hold(t, c, event)];
  await expireHoldNow(db, h1.id);
  await sqlAs(db.pool, await createUser(db), "select evently.book_tickets($1, 1)", [event]);
  t.same([await status(h1.id), await expiryJobs(h1.id)], ["expired", 0], "reclaimed by a booking");

  await sqlAs(db.pool, admin, "select evently.cancel_event($1, 'storm')", [event]);
  t.same([await status(h2.id), await expiryJobs(h2.id), await status(h3.id), await expiryJobs(h3.id)],
    ["cancelled", 0, "cancelled", 0], "cancel_event");
  t.same(await counterMismatches(db), []);
});

t.test("one check of 'your active hold' for confirm, release and decline", async (t) => {
  const event = await createEvent(db, admin, { capacity: 5 });
  const [owner, other] = [await createUser(db), await createUser(db)];
  const h = await hold(t, owner, event);
  for (const call of ["confirm_hold", "release_hold", "decline_offer"]) {
    t.equal(await sqlState(sqlAs(db.pool, other, `select evently.${call}($1)`, [h.id])), "EVNFD", `${call}: someone else's hold is not found`);
    t.equal(await sqlState(sqlAs(db.pool, owner, `select evently.${call}($1)`, ["00000000-0000-4000-8000-000000000000"])), "EVNFD",
      `${call}: a missing hold is not found`);
  }
  t.equal(await sqlState(sqlAs(db.pool, owner, "select evently.decline_offer($1)", [h.id])), "EVNOF", "not an offer");
  await sqlAs(db.pool, admin, "select evently.release_hold($1)", [h.id]);
  t.equal(await status(h.id), "released", "an admin may release anyone's hold");
  for (const call of ["confirm_hold", "release_hold", "decline_offer"]) {
    t.equal(await sqlState(sqlAs(db.pool, owner, `select evently.${call}($1)`, [h.id])), "EVHNA", `${call}: a closed hold`);
  }
});
