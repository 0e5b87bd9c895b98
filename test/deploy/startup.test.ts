// Starting Evently as operators do: several `npm start` at the same moment on one fresh
// database (development deploys at boot, instances wait for each other), and production
// boots that run no DDL.
import t, { type Test } from "tap";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDb, type TestDb } from "../helpers.ts";
import { freePort, spawnApp, waitHealthy, type AppProcess } from "../support.ts";

const jwtSecret = randomBytes(32).toString("base64url");

async function startApp(t: Test, db: TestDb, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "evently-start-"));
  const app = spawnApp("start.ts", {
    DATABASE_URL: db.url,
    AUTH_DATABASE_URL: db.authUrl,
    JWT_SECRET: jwtSecret,
    PORT: String(port),
    HOST: "127.0.0.1",
    EVENTLY_DATA_DIR: dataDir,
    WORKER_POLL_MS: "500",
    ...env,
  });
  t.teardown(async () => {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { ...app, url: `http://127.0.0.1:${port}` };
}

t.test("3 instances started at the same moment on one fresh database all come up", async (t) => {
  const db = await createTestDb(t, 2, { empty: true });
  const apps = await Promise.all([1, 2, 3].map(() => startApp(t, db)));
  await Promise.all(apps.map((app) => waitHealthy(app.url, app)));
  for (const [i, app] of apps.entries()) {
    const res = await fetch(`${app.url}/api/v1/events`);
    t.equal(res.status, 200, `instance ${i + 1} serves requests`);
  }
  const { rows } = await db.pool.query("select count(*)::int as n from graphile_migrate.migrations");
  const { rows: users } = await db.pool.query("select count(*)::int as n from evently.users");
  t.ok(rows[0].n > 0, "the schema was deployed once");
  t.equal(users[0].n, 1, "the demo data was seeded once");
});

t.test("production: no boot changes the schema; an undeployed database is refused clearly", async (t) => {
  const fresh = await createTestDb(t, 2, { empty: true });
  const refused = await startApp(t, fresh, { NODE_ENV: "production" });
  const code = await new Promise<number | null>((resolve) => refused.child.once("exit", resolve));
  t.not(code, 0, "the process exits");
  t.match(refused.output(), /run `npm run migrate` first/, "and says what to do");
  const { rows } = await fresh.pool.query("select count(*)::int as n from pg_namespace where nspname like 'evently%' or nspname like 'graphile%'");
  t.equal(rows[0].n, 0, "nothing was created");

  // A deployed database with a function that no file defines: a development boot would
  // drop it, a production boot leaves the schema alone.
  const db = await createTestDb(t, 2);
  await db.pool.query("create function evently_private.planted() returns integer language sql stable as 'select 1'");
  const app = await startApp(t, db, { NODE_ENV: "production" });
  await waitHealthy(app.url, app);
  const { rows: planted } = await db.pool.query("select to_regprocedure('evently_private.planted()') is not null as present");
  t.ok(planted[0].present, "the production boot ran no deploy");
});
