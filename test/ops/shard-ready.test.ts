// Keeps the schema ready to shard by event (docs/scale-out.md): every table is placed in
// the table plan, distributed tables carry their distribution column, keys and foreign
// keys stay within one shard, and the statements the booking path actually runs (seen
// through auto_explain, nested statements included) find their rows by event. What is not
// ready yet is listed in the document's "Known gaps"; this test fails on any gap that is
// not listed, and on any listed gap that is gone (so the list stays true).
import t, { type Test } from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { projectRoot } from "../../src/config.ts";
import { createEvent, createTestDb, createUser, createUsers, expireHoldNow } from "../helpers.ts";
import { createSeatedEvent, createSeatedVenue, seatIds } from "../seat-helpers.ts";

type Placement = "distributed" | "reference" | "coordinator";
interface Plan {
  placement: Placement;
  column?: string;
}

const doc = readFileSync(join(projectRoot, "docs", "scale-out.md"), "utf8");
/** `| `schema.table` | placement | `column` | … |` rows; `schema.*` covers a whole schema. */
const tablePlan = new Map<string, Plan>();
for (const m of doc.matchAll(/^\|\s*`([\w.*]+)`\s*\|\s*(distributed|reference|coordinator)\s*\|\s*(?:`(\w+)`)?[^|]*\|/gm)) {
  tablePlan.set(m[1], { placement: m[2] as Placement, column: m[3] });
}
/** `| kind | `key` | … |` rows of the known gaps table. */
const documentedGaps = new Set<string>();
for (const m of doc.matchAll(/^\|\s*(column|unique|foreign key|statement)\s*\|\s*`([^`]+)`\s*\|/gm)) documentedGaps.add(`${m[1]}: ${m[2]}`);

const SCHEMAS = ["evently", "evently_private", "evently_ops", "graphile_worker", "graphile_migrate"];
const planOf = (table: string): Plan | undefined => tablePlan.get(table) ?? tablePlan.get(`${table.split(".")[0]}.*`);

const db = await createTestDb(t);

function compareGaps(t: Test, kind: string, found: Set<string>, describe = (gap: string) => gap) {
  const listed = [...documentedGaps].filter((g) => g.startsWith(`${kind}: `));
  const unlisted = [...found].filter((g) => !documentedGaps.has(g)).sort().map(describe);
  const stale = listed.filter((g) => !found.has(g)).sort();
  t.same(unlisted, [], `no ${kind} gap beyond docs/scale-out.md's known gaps (fix it, or list it with the change it needs)`);
  t.same(stale, [], `every listed ${kind} gap still exists (remove fixed ones from docs/scale-out.md)`);
}

t.test("every table is placed, and distributed tables carry their distribution column", async (t) => {
  t.ok(tablePlan.size > 10, `docs/scale-out.md has a table plan (${tablePlan.size} rows)`);
  const { rows } = await db.pool.query<{ name: string }>(
    `select format('%s.%s', n.nspname, c.relname) as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname = any($1) order by 1`,
    [SCHEMAS],
  );
  const tables = rows.map((r) => r.name);
  t.same(tables.filter((name) => !planOf(name)), [], "every table has a row in the table plan");
  const unknown = [...tablePlan.keys()].filter((k) => !k.endsWith(".*") && !tables.includes(k));
  t.same(unknown, [], "every row of the table plan is a table");

  const gaps = new Set<string>();
  for (const [table, plan] of tablePlan) {
    if (plan.placement !== "distributed") continue;
    t.ok(plan.column, `${table}: distribution column named`);
    const { rows: [col] } = await db.pool.query(
      `select a.attnotnull as not_null, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
        where a.attrelid = $1::regclass and a.attname = $2 and not a.attisdropped`,
      [table, plan.column],
    );
    if (!col || !col.not_null || col.type !== "uuid") gaps.add(`column: ${table}.${plan.column}`);
  }
  compareGaps(t, "column", gaps);
});

t.test("keys and foreign keys stay within one shard", async (t) => {
  const gaps = new Set<string>();
  // Unique indexes (primary keys and unique constraints included) of a distributed table
  // can only be enforced per shard: they must contain the distribution column.
  const { rows: uniques } = await db.pool.query<{ tbl: string; index: string; columns: string[] }>(
    `select format('%s.%s', n.nspname, c.relname) as tbl, i.relname as index,
            array(select a.attname::text from unnest(x.indkey) k join pg_attribute a on a.attrelid = c.oid and a.attnum = k) as columns
       from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = c.relnamespace
      where x.indisunique and n.nspname = any($1)`,
    [SCHEMAS],
  );
  for (const u of uniques) {
    const plan = planOf(u.tbl);
    if (plan?.placement === "distributed" && plan.column && !u.columns.includes(plan.column)) gaps.add(`unique: ${u.index}`);
  }
  compareGaps(t, "unique", gaps);

  // Foreign keys (columns in key order: the n-th referencing column matches the n-th
  // referenced one): between distributed tables only when both sides include the
  // distribution column (co-located); to reference tables from anywhere; never from a
  // reference or coordinator table to a distributed one, nor from a distributed table to
  // a coordinator table.
  const fkGaps = new Set<string>();
  const { rows: fks } = await db.pool.query<{ name: string; src: string; dst: string; src_cols: string[]; dst_cols: string[] }>(
    `select con.conname as name,
            format('%s.%s', sn.nspname, s.relname) as src, format('%s.%s', dn.nspname, d.relname) as dst,
            array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = s.oid and a.attnum = k.attnum order by k.ord) as src_cols,
            array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord) join pg_attribute a on a.attrelid = d.oid and a.attnum = k.attnum order by k.ord) as dst_cols
       from pg_constraint con
       join pg_class s on s.oid = con.conrelid join pg_namespace sn on sn.oid = s.relnamespace
       join pg_class d on d.oid = con.confrelid join pg_namespace dn on dn.oid = d.relnamespace
      where con.contype = 'f' and sn.nspname = any($1)`,
    [SCHEMAS],
  );
  for (const fk of fks) {
    const src = planOf(fk.src)?.placement;
    const dst = planOf(fk.dst);
    if (!src || !dst) continue; // unplaced tables fail the first test
    if (dst.placement === "reference") continue;
    if (src === "coordinator" && dst.placement === "coordinator") continue;
    if (src === "distributed" && dst.placement === "distributed") {
      const position = fk.dst_cols.indexOf(dst.column!);
      const srcColumn = planOf(fk.src)!.column;
      if (position >= 0 && fk.src_cols[position] === srcColumn) continue;
    }
    fkGaps.add(`foreign key: ${fk.name}`);
  }
  compareGaps(t, "foreign key", fkGaps);
});

t.test("the booking path's statements find their rows by event", async (t) => {
  const admin = await createUser(db, { admin: true });
  const users = await createUsers(db, 12);
  const ga = await createEvent(db, admin, { capacity: 20 });
  const small = await createEvent(db, admin, { capacity: 1 });
  const venue = await createSeatedVenue(db, admin, [{ name: "Stalls", rows: 3, seatsPerRow: 6 }]);
  const seated = await createSeatedEvent(db, admin, venue);
  const seats = await seatIds(db, seated);

  // One connection with auto_explain reporting every statement's plan as a notice,
  // statements inside functions included.
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  t.teardown(() => client.end());
  let notices: string[] = [];
  client.on("notice", (n) => {
    if (n.message?.includes("plan:")) notices.push(n.message);
  });
  await client.query("load 'auto_explain'");
  await client.query(`set auto_explain.log_min_duration = 0; set auto_explain.log_nested_statements = on;
    set auto_explain.log_format = json; set auto_explain.log_verbose = on; set auto_explain.log_level = notice`);

  // Gap → the calls it was seen in (named in the failure message).
  const gaps = new Map<string, Set<string>>();
  let statements = 0;
  /** Runs one call as the user (or as the owner, for worker functions) and checks what it ran. */
  async function call(name: string, user: string | null, text: string, values: unknown[]): Promise<any[]> {
    notices = [];
    await client.query("begin");
    if (user) await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [user]);
    let rows: any[];
    try {
      rows = (await client.query(text, values)).rows;
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
    for (const message of notices) {
      const plan = JSON.parse(message.slice(message.indexOf("{")));
      const query: string = plan["Query Text"];
      // The call itself, the role switch, and PostgreSQL's own foreign-key checks (those
      // are judged above, by their constraints).
      if (query === text || query.includes("set_config('role'") || / FROM ONLY "/.test(query)) continue;
      statements++;
      for (const gap of statementGaps(plan.Plan)) {
        const key = `statement: ${gap}`;
        if (!gaps.has(key)) gaps.set(key, new Set());
        gaps.get(key)!.add(name);
      }
    }
    return rows;
  }

  const [keyed] = await call("book_tickets", users[0], "select id from evently.book_tickets($1, 2, 'shard-key')", [ga]);
  await call("book_tickets", users[0], "select id from evently.book_tickets($1, 2, 'shard-key')", [ga]);
  const [hold] = await call("hold_tickets", users[1], "select id from evently.hold_tickets($1, 1)", [ga]);
  await call("confirm_hold", users[1], "select id from evently.confirm_hold($1, 'shard-confirm')", [hold.id]);
  const [released] = await call("hold_tickets", users[2], "select id from evently.hold_tickets($1, 1)", [ga]);
  await call("release_hold", users[2], "select evently.release_hold($1)", [released.id]);
  await call("cancel_booking", users[0], "select evently.cancel_booking($1)", [keyed.id]);
  const [expiring] = await call("hold_tickets", users[3], "select id from evently.hold_tickets($1, 1)", [ga]);
  await expireHoldNow(db, expiring.id);
  await call("expire_hold", null, "select evently_private.expire_hold($1)", [expiring.id]);

  const [seatHold] = await call("hold_seats", users[4], "select id from evently.hold_seats($1, $2)", [seated, [seats.get("Stalls A1"), seats.get("Stalls A2")]]);
  const [seatBooking] = await call("confirm_hold", users[4], "select id from evently.confirm_hold($1)", [seatHold.id]);
  await call("hold_best_available", users[5], "select id from evently.hold_best_available($1, 3)", [seated]);
  await call("cancel_booking", users[4], "select evently.cancel_booking($1)", [seatBooking.id]);
  await call("event_seat_map", users[5], "select * from evently.event_seat_map($1)", [seated]);
  await call("event_seat_map", null, "select * from evently.event_seat_map($1)", [seated]);

  const [soldOut] = await call("book_tickets", users[6], "select id from evently.book_tickets($1, 1)", [small]);
  await call("join_waitlist", users[7], "select id from evently.join_waitlist($1, 1)", [small]);
  const [leaving] = await call("join_waitlist", users[8], "select id from evently.join_waitlist($1, 1)", [small]);
  await call("leave_waitlist", users[8], "select evently.leave_waitlist($1)", [leaving.id]);
  await call("cancel_booking", users[6], "select evently.cancel_booking($1)", [soldOut.id]); // offers the ticket to users[7]
  const { rows: [offer] } = await db.pool.query("select id from evently.holds where user_id = $1 and status = 'active'", [users[7]]);
  t.ok(offer, "the cancellation made a waitlist offer");
  await call("decline_offer", users[7], "select evently.decline_offer($1)", [offer.id]);
  await call("events_available", null, "select evently.events_available(e) from evently.events e where e.id = $1", [ga]);

  t.ok(statements > 100, `statements seen inside the calls (${statements})`);
  compareGaps(t, "statement", new Set(gaps.keys()), (gap) => `${gap}  (in ${[...gaps.get(gap)!].sort().join(", ")})`);
});

/**
 * What a statement does that one shard could not: a distributed table found by anything
 * but its distribution column (equality; `= ANY` spans shards), a coordinator table touched
 * (it is not on the shard's node), or a reference table written (a write to every node).
 * Named by the id columns it was found by instead.
 */
function statementGaps(root: any): string[] {
  const conditions: string[] = [];
  const nodes: any[] = [];
  const walk = (node: any) => {
    nodes.push(node);
    for (const key of ["Index Cond", "Filter", "Recheck Cond", "Hash Cond", "Merge Cond", "Join Filter", "TID Cond"]) {
      if (typeof node[key] === "string") conditions.push(node[key]);
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root);
  const text = conditions.join(" AND ");
  const found: string[] = [];
  for (const node of nodes) {
    if (!node["Relation Name"] || !SCHEMAS.includes(node.Schema)) continue;
    const table = `${node.Schema}.${node["Relation Name"]}`;
    const plan = planOf(table);
    if (!plan) {
      found.push(`${table} (not in the table plan)`);
      continue;
    }
    if (plan.placement === "coordinator") {
      found.push(`${table} (coordinator)`);
      continue;
    }
    if (node["Node Type"] === "ModifyTable") {
      if (plan.placement === "reference") found.push(`${table} written (reference)`);
      continue; // the rows it changes are found by the scan below it
    }
    if (plan.placement !== "distributed") continue;
    const alias = String(node.Alias).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const ids = new Set<string>();
    let pinned = false;
    for (const m of text.matchAll(new RegExp(`\\b${alias}\\.(\\w+) = (ANY\\b)?`, "g"))) {
      if (m[1] === plan.column && !m[2]) pinned = true;
      else if (/^(id|\w+_id)$/.test(m[1])) ids.add(m[1]);
    }
    for (const m of text.matchAll(new RegExp(`= ${alias}\\.(\\w+)\\b`, "g"))) {
      if (m[1] === plan.column) pinned = true;
      else if (/^(id|\w+_id)$/.test(m[1])) ids.add(m[1]);
    }
    if (!pinned) found.push(`${table} by ${[...ids].sort().join(", ") || "no id"}`);
  }
  return found;
}
