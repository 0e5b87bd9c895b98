// The deploy (src/db/migrate.ts): committed migrations and functions/ in one transaction,
// orphaned functions dropped. Each case deploys copies of migrations/ and functions/ with
// one change planted, to a database of its own.
import t from "tap";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import type { Test } from "tap";
import { calculateHash } from "graphile-migrate/dist/hash.js";
import { projectRoot } from "../../src/config.ts";
import { migrateDatabase } from "../../src/db/migrate.ts";
import { createTestDb } from "../helpers.ts";

function copyOfProject(t: Test): { migrations: string; functions: string } {
  const dir = mkdtempSync(join(tmpdir(), "evently-deploy-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(projectRoot, "migrations"), join(dir, "migrations"), { recursive: true });
  cpSync(join(projectRoot, "functions"), join(dir, "functions"), { recursive: true });
  return { migrations: join(dir, "migrations"), functions: join(dir, "functions") };
}

/** Commits body as the next migration of the copied folder, hash chain and all. */
function addCommittedMigration(migrations: string, body: string): string {
  const committed = join(migrations, "committed");
  const files = readdirSync(committed).filter((f) => /^\d{6}\.sql$/.test(f)).sort();
  const last = readFileSync(join(committed, files.at(-1)!), "utf8");
  const previous = /^--! Hash: (\S+)$/m.exec(last)![1];
  const name = `${String(files.length + 1).padStart(6, "0")}.sql`;
  writeFileSync(join(committed, name), `--! Previous: ${previous}\n--! Hash: ${calculateHash(body, previous)}\n\n${body}\n`);
  return name;
}

/** Everything a deploy may change: schemas, relations, functions (with bodies and ACLs), migrations. */
async function snapshot(pool: pg.Pool): Promise<string> {
  const { rows: [{ tracked }] } = await pool.query("select to_regclass('graphile_migrate.migrations') is not null as tracked");
  const { rows } = await pool.query(`
    select coalesce(string_agg(item, E'\\n' order by item), '') as snapshot from (
      select 'schema ' || nspname as item from pg_namespace
      union all
      select 'relation ' || c.oid::regclass::text || ' ' || c.relkind::text from pg_class c
        join pg_namespace n on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
      union all
      select 'function ' || p.oid::regprocedure::text || ' ' || md5(pg_get_functiondef(p.oid)) || ' ' || coalesce(p.proacl::text, '')
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname not in ('pg_catalog', 'information_schema') and p.prokind = 'f'
      ${tracked ? "union all select 'migration ' || filename from graphile_migrate.migrations" : ""}
    ) items`);
  return rows[0].snapshot;
}

// A typical slip: the grant names a signature the file does not define.
const broken = `create or replace function evently_private.zz_broken() returns integer language sql stable as $$ select 1 $$;
grant execute on function evently_private.zz_broken(integer) to evently_user;
`;

t.test("a broken function file on a fresh database leaves it exactly as it was", async (t) => {
  const db = await createTestDb(t, 2, { empty: true });
  const project = copyOfProject(t);
  writeFileSync(join(project.functions, "waitlist", "zz_broken.sql"), broken);
  const before = await snapshot(db.pool);
  await t.rejects(
    migrateDatabase(db.url, { migrationsFolder: project.migrations, functionsDir: project.functions }),
    /functions\/waitlist\/zz_broken\.sql: /,
    "the error names the file",
  );
  t.equal(await snapshot(db.pool), before, "no schema, table, function or migration record was left behind");
  t.notMatch(before, /schema evently\b/, "(the database had no evently schema to begin with)");
});

t.test("a new migration with a broken function file: neither is applied", async (t) => {
  const db = await createTestDb(t, 2);
  const project = copyOfProject(t);
  const migration = addCommittedMigration(
    project.migrations,
    "create table evently.deploy_probe (id integer primary key);\ncomment on table evently.deploy_probe is E'@behavior -*';",
  );
  // A changed body of a function that exists, and a new function, both before the broken file.
  const file = join(project.functions, "booking", "my_bookings.sql");
  writeFileSync(file, readFileSync(file, "utf8").replace("newest first", "newest first (changed)"));
  writeFileSync(join(project.functions, "accounts", "deploy_probe.sql"),
    "create or replace function evently_private.deploy_probe() returns integer language sql stable as $$ select 1 $$;\n");
  writeFileSync(join(project.functions, "waitlist", "zz_broken.sql"), broken);
  const before = await snapshot(db.pool);
  t.match(before, /migration 000004\.sql/, "(the database was migrated)");
  await t.rejects(migrateDatabase(db.url, { migrationsFolder: project.migrations, functionsDir: project.functions }), /zz_broken\.sql/);
  t.equal(await snapshot(db.pool), before, "database unchanged");
  const { rows } = await db.pool.query("select obj_description('evently.my_bookings(boolean)'::regprocedure) as comment");
  t.notMatch(rows[0].comment, /changed/, "the old function body is still the live one");

  // Without the broken file, the same deploy applies all of it at once.
  unlinkSync(join(project.functions, "waitlist", "zz_broken.sql"));
  const result = await migrateDatabase(db.url, { migrationsFolder: project.migrations, functionsDir: project.functions });
  t.same(result.migrations, [migration]);
  t.same(result.dropped, []);
  const after = await snapshot(db.pool);
  t.match(after, /relation evently\.deploy_probe r/);
  t.match(after, /function evently_private\.deploy_probe\(\)/);
  t.match(after, new RegExp(`migration ${migration}`));
});

t.test("a function whose file is gone is dropped; one no file ever defined too", async (t) => {
  const db = await createTestDb(t, 2);
  const project = copyOfProject(t);
  unlinkSync(join(project.functions, "booking", "my_bookings.sql"));
  await db.pool.query("create function evently.planted_by_hand() returns integer language sql stable as 'select 1'");
  const exists = async (signature: string) =>
    (await db.pool.query("select to_regprocedure($1) is not null as present", [signature])).rows[0].present;
  t.ok(await exists("evently.my_bookings(boolean)"), "(present before)");

  const result = await migrateDatabase(db.url, { migrationsFolder: project.migrations, functionsDir: project.functions });
  t.same(result.dropped.sort(), ["evently.my_bookings(boolean)", "evently.planted_by_hand()"]);
  t.notOk(await exists("evently.my_bookings(boolean)"));
  t.notOk(await exists("evently.planted_by_hand()"));
  t.ok(await exists("evently.book_tickets(uuid,integer,text)"), "functions that have files stay");
  t.ok(await exists("public.gen_random_uuid()"), "extension functions are not touched");

  // Deploying the project's own folders again brings it back and drops nothing.
  const again = await migrateDatabase(db.url);
  t.same(again.dropped, []);
  t.ok(await exists("evently.my_bookings(boolean)"));
});

t.test("a deploy with nothing to do changes nothing", async (t) => {
  const db = await createTestDb(t, 2);
  const before = await snapshot(db.pool);
  const result = await migrateDatabase(db.url);
  t.same(result, { migrations: [], functionFiles: result.functionFiles, dropped: [] });
  t.equal(await snapshot(db.pool), before);
});

// A deployment upgrades from the previous release: its database holds the migrations up to
// N-1 and functions of that time; the next deploy applies migration N before re-creating the
// functions. A migration that alters a table whose row type a function uses (a parameter
// default, say) fails there and nowhere on a fresh database. Today's functions/ stand in for
// that release's (the ones most likely to use the new types).
t.test("each of the last migrations applies on a database that has the one before and its functions", async (t) => {
  const committed = readdirSync(join(projectRoot, "migrations", "committed")).filter((f) => /^\d{6}\.sql$/.test(f)).sort();
  for (const last of committed.slice(-2)) {
    const db = await createTestDb(t, 2, { empty: true });
    const previous = copyOfProject(t);
    for (const f of committed.filter((f) => f >= last)) unlinkSync(join(previous.migrations, "committed", f));
    await migrateDatabase(db.url, { migrationsFolder: previous.migrations, functionsDir: previous.functions });
    const result = await migrateDatabase(db.url, {
      migrationsFolder: join(projectRoot, "migrations"), functionsDir: join(projectRoot, "functions"),
    });
    t.same(result.migrations, committed.filter((f) => f >= last), `${last} and what follows apply on top of the one before`);
  }
});
