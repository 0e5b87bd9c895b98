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
import { prepareDatabase } from "../../src/db/migrate.ts";

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
  // Three boots deploying at once on 2 busy cores can take over a minute.
  await Promise.all(apps.map((app) => waitHealthy(app.url, app, 180_000)));
  for (const [i, app] of apps.entries()) {
    const res = await fetch(`${app.url}/api/v1/events`);
    t.equal(res.status, 200, `instance ${i + 1} serves requests`);
  }
  const { rows } = await db.pool.query("select count(*)::int as n from graphile_migrate.migrations");
  const { rows: users } = await db.pool.query("select count(*)::int as n from evently.users");
  t.ok(rows[0].n > 0, "the schema was deployed once");
  t.equal(users[0].n, 1, "the demo data was seeded once");
});

t.test("production: boots run no DDL; an undeployed database is refused clearly", async (t) => {
  // prepareDatabase is what start.ts and worker.ts run at boot.
  const fresh = await createTestDb(t, 2, { empty: true });
  await t.rejects(prepareDatabase(fresh.url, true), /lacks migration\(s\) 000001\.sql.*run `npm run migrate` first/);
  const { rows } = await fresh.pool.query("select count(*)::int as n from pg_namespace where nspname like 'evently%' or nspname like 'graphile%'");
  t.equal(rows[0].n, 0, "nothing was created");

  // A deployed database with a function no file defines: a deploy would drop it
  // (test/deploy/deploy.test.ts); a production boot leaves the schema alone.
  const db = await createTestDb(t, 2);
  await db.pool.query("create function evently_private.planted() returns integer language sql stable as 'select 1'");
  await prepareDatabase(db.url, true);
  const present = async () => (await db.pool.query("select to_regprocedure('evently_private.planted()') is not null as p")).rows[0].p;
  t.ok(await present(), "the production boot ran no deploy");
  await prepareDatabase(db.url, false);
  t.notOk(await present(), "(a development boot deploys, which drops it)");
});
