// Outbox delivery through a real graphile-worker runner to a real SMTP server.
import t from "tap";
import { spawn } from "node:child_process";
import { join } from "node:path";
import type { Runner } from "graphile-worker";
import { createEvent, createTestDb, createUser, sqlAs } from "../helpers.ts";
import { startSmtpSink } from "../smtp-sink.ts";
import { startWorker } from "../../src/worker.ts";
import { makeMailer } from "../../src/notifications/mailer.ts";
import { projectRoot } from "../../src/config.ts";
import { waitFor } from "../support.ts";

const db = await createTestDb(t);
const sink = await startSmtpSink(t);
const admin = await createUser(db, { admin: true });

async function notification(userId: string, kind: string) {
  const { rows } = await db.pool.query("select * from evently.notifications where user_id = $1 and kind = $2", [userId, kind]);
  return rows[0];
}

t.test("a worker process killed mid-delivery loses nothing: the relay is resumed by another worker", async (t) => {
  const user = await createUser(db, { email: "crash@example.com" });
  const event = await createEvent(db, admin, { capacity: 5 });
  sink.hangNext();
  const child = spawn(process.execPath, [join(projectRoot, "test", "fixtures", "worker-process.ts")], {
    env: { ...process.env, DATABASE_URL: db.url, SMTP_URL: sink.url, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve()));
  await sqlAs(db.pool, user, "select evently.book_tickets($1, 1)", [event]);
  await sink.sawData(); // the child is in the middle of sending
  const { rows: [job] } = await db.pool.query("select locked_by, attempts from graphile_worker.jobs where key = 'relay_notifications'");
  t.ok(job.locked_by, "the relay job is locked by the child's worker");
  child.kill("SIGKILL");
  await new Promise((resolve) => child.on("exit", resolve));
  const n = await notification(user, "booking_confirmed");
  t.equal(n.status, "pending", "the send was never recorded: the relay's transaction died with the process");
  const { rows: [still] } = await db.pool.query("select locked_by from graphile_worker.jobs where key = 'relay_notifications'");
  t.equal(still.locked_by, job.locked_by, "the relay job survived the crash, still locked by the dead worker");
  // What an operator (or a reaper that knows the worker is dead) does: unlock its jobs.
  await db.pool.query("select graphile_worker.force_unlock_workers(array[$1::text])", [job.locked_by]);
  const runner = await startWorker({ pgPool: db.newPool(4), concurrency: 2, pollInterval: 200, crontab: false, mailer: makeMailer(sink.url, "Evently <no-reply@evently.local>") });
  t.teardown(() => runner.stop());
  const mail = await sink.waitFor((m) => m.to.includes("crash@example.com"));
  t.match(mail.raw, /Subject: Your tickets for Event/);
  // The first status other than pending is the outcome: "sent", or a failure this test must see.
  const status = await waitFor("the delivery's outcome", async () => {
    const current = (await notification(user, "booking_confirmed")).status;
    return current === "pending" ? undefined : current;
  });
  t.equal(status, "sent");
});

let runner: Runner | undefined;
t.test("with a worker running", async (t) => {
  runner = await startWorker({
    pgPool: db.newPool(4),
    concurrency: 2,
    pollInterval: 200,
    crontab: false,
    mailer: makeMailer(sink.url, "Evently <no-reply@evently.local>"),
  });
  t.teardown(() => runner?.stop());

  t.test("booking confirmed: the email carries every ticket code", async (t) => {
    const user = await createUser(db, { email: "alice@example.com" });
    const event = await createEvent(db, admin, { capacity: 10 });
    const [booking] = await sqlAs(db.pool, user, "select * from evently.book_tickets($1, 3)", [event]);
    const codes = (await db.pool.query("select code from evently.tickets where booking_id = $1", [booking.id])).rows.map((r) => r.code);
    const mail = await sink.waitFor((m) => m.to.includes("alice@example.com"));
    t.match(mail.raw, /Subject: Your tickets for Event/);
    for (const code of codes) t.match(mail.raw, code, `ticket ${code} is in the email`);
    const n = await waitFor("status sent", async () => {
      const row = await notification(user, "booking_confirmed");
      return row.status === "sent" ? row : undefined;
    });
    t.equal(n.attempts, 1);
    t.match(n.body, codes[0], "the sent text is stored with the notification");
    const mine = await sqlAs(db.pool, user, "select kind, status from evently.notifications");
    t.same(mine, [{ kind: "booking_confirmed", status: "sent" }], "users list their own notifications");
  });

  t.test("a temporary SMTP failure is retried with backoff", async (t) => {
    const user = await createUser(db, { email: "retry@example.com" });
    const event = await createEvent(db, admin, { capacity: 10 });
    sink.failNext(1);
    await sqlAs(db.pool, user, "select evently.book_tickets($1, 1)", [event]);
    const failed = await waitFor("a failed attempt", async () => {
      const row = await notification(user, "booking_confirmed");
      return row.attempts === 1 && row.last_error ? row : undefined;
    });
    t.equal(failed.status, "pending", "still pending after one failure");
    t.match(failed.last_error, /451|try again/);
    const { rows: [due] } = await db.pool.query("select next_attempt_at > now() as later from evently.notifications where id = $1", [failed.id]);
    t.ok(due.later, "the retry is scheduled later (backoff)");
    await db.pool.query("update evently.notifications set next_attempt_at = now() where id = $1", [failed.id]);
    await sink.waitFor((m) => m.to.includes("retry@example.com"));
    const sent = await waitFor("status sent", async () => {
      const row = await notification(user, "booking_confirmed");
      return row.status === "sent" ? row : undefined;
    });
    t.equal(sent.attempts, 2);
  });

  t.test("a rolled-back booking sends nothing", async (t) => {
    const user = await createUser(db, { email: "rollback@example.com" });
    const event = await createEvent(db, admin, { capacity: 10 });
    const client = await db.pool.connect();
    await client.query("begin");
    await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [user]);
    await client.query("select evently.book_tickets($1, 1)", [event]);
    await client.query("rollback");
    client.release();
    // A later committed booking by someone else is delivered; the rolled-back one never is.
    const other = await createUser(db, { email: "after-rollback@example.com" });
    await sqlAs(db.pool, other, "select evently.book_tickets($1, 1)", [event]);
    await sink.waitFor((m) => m.to.includes("after-rollback@example.com"));
    t.notOk(sink.received.some((m) => m.to.includes("rollback@example.com")), "no email for the rolled-back booking");
  });

  t.test("waitlist offer, event change and cancellation emails", async (t) => {
    const holder = await createUser(db, { email: "holder@example.com" });
    const waiter = await createUser(db, { email: "waiter@example.com" });
    const event = await createEvent(db, admin, { capacity: 1 });
    const [b] = await sqlAs(db.pool, holder, "select * from evently.book_tickets($1, 1)", [event]);
    await sqlAs(db.pool, waiter, "select evently.join_waitlist($1, 1)", [event]);
    await sqlAs(db.pool, holder, "select evently.cancel_booking($1)", [b.id]);
    const offer = await sink.waitFor((m) => m.to.includes("waiter@example.com") && /Tickets available/.test(m.raw));
    t.match(offer.raw, /held for you until/);
    const [{ id: hold }] = (await db.pool.query("select id from evently.holds where user_id = $1 and status = 'active'", [waiter])).rows;
    await sqlAs(db.pool, waiter, "select evently.confirm_hold($1)", [hold]);
    await sqlAs(db.pool, admin, "select evently.update_event($1, starts_at => now() + interval '90 days')", [event]);
    await sink.waitFor((m) => m.to.includes("waiter@example.com") && /Change to/.test(m.raw));
    await sqlAs(db.pool, admin, "select evently.cancel_event($1, reason => 'venue flooded')", [event]);
    const cancelled = await sink.waitFor((m) => m.to.includes("waiter@example.com") && /Cancelled:/.test(m.raw));
    t.match(cancelled.raw, /venue flooded/);
  });
});
