// `npm run admin -- …` against DATABASE_URL: create, promote, set-role, reset-password,
// through SQL functions that write audit_log; errors are one line and exit 1. And the
// demo's events roll forward at boot so the demo always has upcoming events.
import t from "tap";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../src/config.ts";
import { createEvent, createTestDb, sqlAs } from "../helpers.ts";
import { rollDemoEvents, seedDemoData } from "../../src/db/seed.ts";

const db = await createTestDb(t);

function admin(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(projectRoot, "src/cli/admin.ts"), ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "warn", EVENTLY_PASSWORD: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c));
    child.stderr.on("data", (c: Buffer) => (err += c));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

const signIn = async (email: string, password: string) =>
  (await sqlAs(db.pool, null, "select (evently.authenticate($1, $2)).role", [email, password]))[0].role;

t.test("create, promote, set-role, reset-password", async (t) => {
  const created = await admin("create", "ada@example.com", "--name", "Ada", "--password", "first-password");
  t.equal(created.code, 0, created.err);
  t.match(created.out, /created ada@example\.com \(id [0-9a-f-]{36}, role user\)/);
  t.equal(await signIn("ada@example.com", "first-password"), "evently_user");

  const promoted = await admin("promote", "ada@example.com");
  t.equal(promoted.code, 0, promoted.err);
  t.match(promoted.out, /is now admin/);
  t.equal(await signIn("ada@example.com", "first-password"), "evently_admin");
  t.equal((await admin("set-role", "ada@example.com", "user")).code, 0);
  t.equal(await signIn("ada@example.com", "first-password"), "evently_user");

  const reset = await admin("reset-password", "ada@example.com");
  t.equal(reset.code, 0, reset.err);
  const password = /: (\S+)  \(shown once\)/.exec(reset.out)?.[1];
  t.ok(password, "a generated password, printed once");
  t.equal(await signIn("ada@example.com", password!), "evently_user", "the new password works");
  t.equal((await admin("set-password", "ada@example.com", "--password", "third-password")).code, 0, "set-password is the same");
  t.equal(await signIn("ada@example.com", "third-password"), "evently_user");

  const audit = await db.pool.query(
    "select action from evently.audit_log a join evently.users u on u.id = a.subject_id where u.email = 'ada@example.com' order by a.id");
  t.same(audit.rows.map((r) => r.action), ["user_role_set", "user_role_set", "user_password_reset", "user_password_reset"]);
});

t.test("mistakes are one clear line and exit 1", async (t) => {
  const unknown = await admin("promote", "nobody@example.com");
  t.equal(unknown.code, 1);
  t.equal(unknown.err.trim(), "evently admin: No user with email nobody@example.com (EVNFD)");
  const weak = await admin("reset-password", "ada@example.com", "--password", "short");
  t.equal(weak.code, 1);
  t.match(weak.err, /Password must be 8 to 200 characters \(EVWPW\)/);
  const role = await admin("set-role", "ada@example.com", "owner");
  t.equal(role.code, 1);
  t.match(role.err, /role must be user or admin/);
  const usage = await admin("frobnicate", "x@example.com");
  t.equal(usage.code, 1);
  t.match(usage.err, /unknown command "frobnicate"/);
  t.notMatch(usage.err, /^\s+at /m, "no stack trace");
});

t.test("demo events that have started roll forward by whole weeks; other events stay", async (t) => {
  const demoDb = await createTestDb(t);
  const seeded = await seedDemoData(demoDb.pool);
  t.equal(seeded?.email, "admin@evently.local", "seeded");
  const adminId = (await demoDb.pool.query("select id from evently.users where email = 'admin@evently.local'")).rows[0].id;
  const real = await createEvent(demoDb, adminId, { startsIn: "1 day" }); // by the same admin, not part of the demo
  // Twenty-five days later, as the database sees it: every event in the past.
  await demoDb.pool.query("update evently.events set starts_at = starts_at - interval '25 days', ends_at = ends_at - interval '25 days'");
  const before = new Map((await demoDb.pool.query("select id, starts_at from evently.events")).rows.map((r) => [r.id, r.starts_at as Date]));
  t.equal(await rollDemoEvents(demoDb.pool), 4, "the four demo events moved");
  const after = (await demoDb.pool.query("select id, starts_at from evently.events")).rows;
  for (const row of after) {
    if (row.id === real) {
      t.same(row.starts_at, before.get(row.id), "a real event never moves");
      continue;
    }
    t.ok(row.starts_at.getTime() > Date.now(), "a demo event is upcoming again");
    t.equal((row.starts_at.getTime() - before.get(row.id)!.getTime()) % (7 * 86400_000), 0, "by whole weeks (same weekday and time)");
  }
  t.equal(await rollDemoEvents(demoDb.pool), 0, "nothing to move on the next boot");
  const upcoming = await sqlAs(demoDb.pool, null, "select count(*)::int as n from evently.upcoming_events()");
  t.equal(upcoming[0].n, 4, "the demo has its four upcoming events");
});
