// Static checks over the catalog: what the API roles may touch, and how every function is
// declared. Each check is one query returning the offenders (empty = pass); the last test
// plants one offender of each kind in a rolled-back transaction to prove the checks bite.
import t from "tap";
import type pg from "pg";
import { createTestDb } from "../helpers.ts";

const db = await createTestDb(t);
const API_ROLES = ["evently_anonymous", "evently_user", "evently_admin"];
const SCHEMAS = ["evently", "evently_private"];

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

const functionsIn = `
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
 where n.nspname = any($1::text[])
   and p.prokind in ('f', 'p')
   and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')`;

const tablesIn = `
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = any($1::text[])
   and c.relkind in ('r', 'p')`;

const checks = {
  /** SECURITY DEFINER functions without a pinned search_path that ends with pg_temp. */
  async definerWithoutSearchPath(q: Queryable): Promise<string[]> {
    const { rows } = await q.query(
      `select p.oid::regprocedure::text as name, p.proconfig
         ${functionsIn} and p.prosecdef order by 1`,
      [SCHEMAS],
    );
    return rows
      .filter((r) => {
        const setting = (r.proconfig ?? []).find((c: string) => c.startsWith("search_path="));
        if (!setting) return true;
        const path = setting.slice("search_path=".length).split(",").map((s: string) => s.trim().replace(/^"|"$/g, ""));
        // pg_temp must be named, and last: left implicit it is searched first.
        return path.at(-1) !== "pg_temp" || path.includes("$user") || path.includes("");
      })
      .map((r) => r.name);
  },

  /** Functions that PUBLIC may execute, explicitly or through a null (default) ACL. */
  async executableByPublic(q: Queryable): Promise<string[]> {
    const { rows } = await q.query(
      `select p.oid::regprocedure::text as name
         ${functionsIn}
          and (p.proacl is null
               or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE')
               or has_function_privilege('public', p.oid, 'EXECUTE'))
        order by 1`,
      [SCHEMAS],
    );
    return rows.map((r) => r.name);
  },

  /** Tables without row level security. */
  async tablesWithoutRls(q: Queryable): Promise<string[]> {
    const { rows } = await q.query(`select c.oid::regclass::text as name ${tablesIn} and not c.relrowsecurity order by 1`, [SCHEMAS]);
    return rows.map((r) => r.name);
  },

  /** (role, table, privilege) where an API role may write, on the table or any column. */
  async writableByApiRoles(q: Queryable): Promise<string[]> {
    const { rows } = await q.query(
      `select r.rolname || ' ' || priv || ' ' || c.oid::regclass::text as offence
         from pg_class c
         join pg_namespace n on n.oid = c.relnamespace
        cross join unnest($2::text[]) as r(rolname)
        cross join unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) as priv
        where n.nspname = any($1::text[])
          and c.relkind in ('r', 'p')
          and (has_table_privilege(r.rolname, c.oid, priv)
               or (priv in ('INSERT', 'UPDATE') and has_any_column_privilege(r.rolname, c.oid, priv)))
        order by 1`,
      [SCHEMAS, API_ROLES],
    );
    return rows.map((r) => r.offence);
  },

  /** Functions in schema evently (the API) without a comment. */
  async apiFunctionsWithoutComment(q: Queryable): Promise<string[]> {
    const { rows } = await q.query(
      `select p.oid::regprocedure::text as name ${functionsIn}
          and coalesce(btrim(obj_description(p.oid, 'pg_proc')), '') = '' order by 1`,
      [["evently"]],
    );
    return rows.map((r) => r.name);
  },
};

t.test("the checks look at real objects", async (t) => {
  const [{ functions, definers }] = (await db.pool.query(
    `select count(*)::int as functions, count(*) filter (where p.prosecdef)::int as definers ${functionsIn}`,
    [SCHEMAS],
  )).rows;
  t.ok(functions >= 20, `${functions} functions in evently and evently_private`);
  t.ok(definers >= 5, `${definers} of them SECURITY DEFINER`);
  const { rows: tables } = await db.pool.query(`select c.oid::regclass::text as name ${tablesIn} order by 1`, [SCHEMAS]);
  const names = tables.map((r) => r.name);
  for (const expected of ["evently.users", "evently.events", "evently.holds", "evently.bookings", "evently.tickets",
    "evently.audit_log", "evently_private.user_secrets", "evently_private.idempotency_keys"]) {
    t.ok(names.includes(expected), `${expected} is checked`);
  }
  const { rows: roles } = await db.pool.query("select rolname from pg_roles where rolname = any($1::text[])", [API_ROLES]);
  t.equal(roles.length, API_ROLES.length, "the API roles exist");
});

t.test("every SECURITY DEFINER function pins search_path (ending in pg_temp)", async (t) => {
  t.same(await checks.definerWithoutSearchPath(db.pool), []);
});

t.test("no function in evently or evently_private is executable by PUBLIC", async (t) => {
  t.same(await checks.executableByPublic(db.pool), []);
});

t.test("every table in evently and evently_private has row level security enabled", async (t) => {
  t.same(await checks.tablesWithoutRls(db.pool), []);
});

t.test("the API roles cannot insert, update, delete or truncate any table directly", async (t) => {
  t.same(await checks.writableByApiRoles(db.pool), []);
});

t.test("every function of the API schema has a comment", async (t) => {
  t.same(await checks.apiFunctionsWithoutComment(db.pool), []);
});

t.test("evently_private and the definers' search_path are closed to the API roles", async (t) => {
  const { rows } = await db.pool.query(
    `select r.rolname, s.nspname, priv
       from unnest($1::text[]) r(rolname)
      cross join unnest(array['evently_private', 'evently', 'public', 'pg_catalog']) s(nspname)
      cross join unnest(array['USAGE', 'CREATE']) priv
      where has_schema_privilege(r.rolname, s.nspname, priv)
        and not (priv = 'USAGE' and s.nspname <> 'evently_private')
      order by 1, 2, 3`,
    [API_ROLES],
  );
  t.same(rows, [], "no USAGE on evently_private, no CREATE on any schema a definer searches");
  const { rows: privateExec } = await db.pool.query(
    `select p.oid::regprocedure::text as name, r.rolname
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      cross join unnest($1::text[]) r(rolname)
      where n.nspname = 'evently_private' and has_function_privilege(r.rolname, p.oid, 'EXECUTE')`,
    [API_ROLES],
  );
  t.same(privateExec, [], "no API role may execute internal functions");
});

t.test("a new function is not executable by PUBLIC even if its file forgets to revoke (default privileges)", async (t) => {
  // The migration promises: "Functions are never executable by PUBLIC unless a file in
  // functions/ grants it." Check that promise for the role that runs the migrations.
  const client = await db.pool.connect();
  try {
    await client.query("begin");
    for (const schema of SCHEMAS) {
      await client.query(`create function ${schema}.planted_default() returns int language sql as 'select 1'`);
      const [{ pub }] = (await client.query(
        `select has_function_privilege('public', '${schema}.planted_default()'::regprocedure, 'EXECUTE') as pub`,
      )).rows;
      t.equal(pub, false, `${schema}: PUBLIC gets no EXECUTE by default`);
    }
  } finally {
    await client.query("rollback");
    client.release();
  }
});

t.test("the checks catch planted offenders", async (t) => {
  const client = await db.pool.connect();
  try {
    await client.query("begin");
    await client.query(`
      create function evently.planted_definer() returns int language sql security definer as 'select 1';
      grant execute on function evently.planted_definer() to public;
      create function evently_private.planted_path() returns int language sql security definer
        set search_path to public as 'select 1';
      revoke all on function evently_private.planted_path() from public;
      comment on function evently_private.planted_path() is 'commented, but its search_path lacks pg_temp';
      create table evently.planted_table (id int);
      grant insert on evently.planted_table to evently_user;
      create table evently_private.planted_columns (id int);
      alter table evently_private.planted_columns enable row level security;
      grant update (id) on evently_private.planted_columns to evently_anonymous;
    `);
    t.same(await checks.definerWithoutSearchPath(client), ["evently.planted_definer()", "evently_private.planted_path()"]);
    const publicBefore = await checks.executableByPublic(client);
    t.ok(publicBefore.includes("evently.planted_definer()"), "an explicit grant to PUBLIC is caught");
    t.notOk(publicBefore.includes("evently_private.planted_path()"), "a function without one is not reported");
    t.same(await checks.tablesWithoutRls(client), ["evently.planted_table"]);
    t.same(await checks.writableByApiRoles(client), [
      "evently_admin INSERT evently.planted_table",
      "evently_anonymous UPDATE evently_private.planted_columns",
      "evently_user INSERT evently.planted_table",
    ], "table and column grants, inherited by evently_admin");
    t.same(await checks.apiFunctionsWithoutComment(client), ["evently.planted_definer()"]);
    // A null proacl means the default: EXECUTE for PUBLIC.
    await client.query("update pg_proc set proacl = null where oid = 'evently_private.planted_path()'::regprocedure");
    t.ok((await checks.executableByPublic(client)).includes("evently_private.planted_path()"), "a null ACL counts as PUBLIC");
  } finally {
    await client.query("rollback");
    client.release();
  }
});
