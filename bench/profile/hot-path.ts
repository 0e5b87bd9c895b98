// Where a hot-event booking's time goes, measured the way issue 15 did: pgbench on one hot
// event (8 clients), `track_functions = all`, WAL written per booking, PostgreSQL CPU per
// booking, and one booking traced with auto_explain (ANALYZE, BUFFERS, nested statements).
// Same run, same server: L_min, then evently.book_tickets as it is now, then (with
// --variant FILE.sql, applied to the throwaway database only) as the variant has it, then as
// it is now again (the two "now" runs show the noise). A variant is an A/B of a change
// before it is made; functions/ is re-applied after it.
// Usage: node bench/profile/hot-path.ts [--database-url U] [--seconds 10] [--clients 8] [--events 1] [--call book|hold] [--variant F.sql [--variant-undo G.sql]] [--history N]
// Writes bench/results/<stamp>-profile-hot-path.md.
import "../../src/cli/env.ts";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../../src/config.ts";
import { openBenchDatabase, reapplyFunctions } from "../database.ts";
import { createEvents } from "../fixtures.ts";
import { runPgbench } from "../ceiling/pgbench.ts";
import { watchCpu } from "../cpu-watch.ts";
import { parentPid } from "../procfs.ts";
import { userId } from "../ids.ts";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    seconds: { type: "string", default: "10" },
    clients: { type: "string", default: "8" },
    variant: { type: "string" },
    // Undoes what a variant changed that functions/ does not restore (DDL), before "now (again)".
    "variant-undo": { type: "string" },
    // Bookings of an earlier event the database starts with (bench/database.ts, seedHistory).
    history: { type: "string" },
    events: { type: "string", default: "1" },
    call: { type: "string", default: "book" },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
// 1: the hot event (L_hot); more: bookings spread over that many events at random (L_spread).
const events = Number(values.events);
const L = events === 1 ? "L_hot" : "L_spread";
// book: evently.book_tickets (the ceilings' call); hold: evently.hold_tickets.
const call = values.call === "hold" ? "hold" : "evently";
const callName = call === "hold" ? "hold_tickets" : "book_tickets";
const users = 20_000;
const UNLIMITED = 2_000_000_000;
const log = (line: string) => console.error(line);

const db = await openBenchDatabase(values["database-url"] ?? process.env.DATABASE_URL, users,
  values.history === undefined ? undefined : Number(values.history));
const { rows: [{ pid }] } = await db.pool.query("select pg_backend_pid() as pid");
const postmasterPid = parentPid(pid);
await db.pool.query(`alter database ${db.name} set track_functions = 'all'`);
let run = 0;

interface Measured {
  label: string;
  tps: number;
  pgMsPerBooking: number;
  otherShare: number;
  walBytesPerBooking?: number;
  walRecordsPerBooking?: number;
  functions: Array<{ name: string; calls: number; selfMs: number; totalMs: number }>;
  tables: Array<{ name: string; inserts: number; updates: number; indexes: number }>;
}

async function walNow(): Promise<{ bytes: number; records: number } | undefined> {
  try {
    const { rows: [w] } = await db.pool.query("select wal_bytes::float8 as bytes, wal_records::float8 as records from pg_stat_wal");
    return w;
  } catch {
    return undefined; // PostgreSQL < 14
  }
}

async function measure(label: string, script: "evently" | "min" | "hold"): Promise<Measured> {
  const r = ++run;
  await createEvents(db.pool, r, events, UNLIMITED, script === "min" ? "bench" : "evently");
  await db.pool.query("select pg_stat_reset()");
  const wal0 = await walNow();
  const watch = watchCpu({ postmasterPid, database: db.name });
  log(`${label}: pgbench -c ${clients} -T ${seconds} …`);
  const result = await runPgbench({ url: db.url, clients, seconds, run: r, events, users, script });
  const cpu = watch.stop();
  const wal1 = await walNow();
  await new Promise((resolve) => setTimeout(resolve, 1500)); // backends flush their statistics
  await db.pool.query("select pg_stat_clear_snapshot()");
  const bookings = result.tps * seconds;
  const { rows: functions } = await db.pool.query(
    `select schemaname || '.' || funcname as name, calls::float8 as calls,
            self_time / greatest(calls, 1) as "selfMs", total_time / greatest(calls, 1) as "totalMs"
       from pg_stat_user_functions where calls > 0 order by self_time desc limit 15`,
  );
  const { rows: tables } = await db.pool.query(
    `select t.schemaname || '.' || t.relname as name, t.n_tup_ins::float8 as inserts, t.n_tup_upd::float8 as updates,
            (select count(*)::int from pg_index i where i.indrelid = t.relid) as indexes
       from pg_stat_user_tables t where t.n_tup_ins + t.n_tup_upd > 0 order by t.n_tup_ins + t.n_tup_upd desc`,
  );
  const m: Measured = {
    label,
    tps: result.tps,
    pgMsPerBooking: (cpu.postgres * cpu.capacitySeconds * 1000) / Math.max(1, bookings),
    otherShare: cpu.other,
    walBytesPerBooking: wal0 && wal1 ? (wal1.bytes - wal0.bytes) / bookings : undefined,
    walRecordsPerBooking: wal0 && wal1 ? (wal1.records - wal0.records) / bookings : undefined,
    functions,
    tables: tables.map((t) => ({ ...t, inserts: t.inserts / bookings, updates: t.updates / bookings })),
  };
  log(`  ${m.tps.toFixed(0)} bookings/s, PostgreSQL ${m.pgMsPerBooking.toFixed(2)} ms CPU per booking, other CPU ${(m.otherShare * 100).toFixed(0)}%`);
  return m;
}

/** One booking with auto_explain on: the plan and buffers of every statement it runs. */
async function traceOne(): Promise<string> {
  const r = ++run;
  const { ids } = await createEvents(db.pool, r, 1, UNLIMITED, "evently");
  const client = await db.pool.connect();
  const notices: string[] = [];
  client.on("notice", (n) => notices.push(n.message ?? ""));
  try {
    await client.query("load 'auto_explain'");
    await client.query(`set auto_explain.log_min_duration = 0; set auto_explain.log_analyze = on; set auto_explain.log_buffers = on;
      set auto_explain.log_nested_statements = on; set auto_explain.log_level = notice; set auto_explain.log_timing = on`);
    // A warm call first (plans cached, as under load), then the traced one.
    for (const [i, n] of [[1, 0], [2, 1]] as const) {
      await client.query("begin");
      await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [userId(100 + i)]);
      if (n) notices.length = 0;
      await client.query("select id from evently.book_tickets($1, 1, $2)", [ids[0], `trace-${i}`]);
      await client.query("commit");
    }
  } finally {
    await client.query("reset all").catch(() => {});
    client.release();
  }
  return notices.join("\n\n");
}

const results: Measured[] = [];
let trace = "";
try {
  results.push(await measure("L_min (bench.book_min)", "min"));
  results.push(await measure(`${L}, ${callName} now`, call));
  trace = await traceOne();
  if (values.variant) {
    await db.pool.query(readFileSync(values.variant, "utf8"));
    results.push(await measure(`${L}, ${callName}, variant ${basename(values.variant)}`, call));
    await reapplyFunctions(db.pool);
    if (values["variant-undo"]) await db.pool.query(readFileSync(values["variant-undo"], "utf8"));
    results.push(await measure(`${L}, ${callName} now (again)`, call));
  }
} finally {
  await db.close();
}

const stamp = new Date().toISOString().replace(/[:T]/g, "-").slice(0, 16);
const f = (x: number | undefined, d = 2) => (x === undefined ? "–" : x.toFixed(d));
const lines = [
  `# Hot-path profile — ${stamp}`,
  "",
  `Command: \`node bench/profile/hot-path.ts ${process.argv.slice(2).join(" ")}\`; pgbench, ${clients} clients, ${seconds} s each, ${events === 1 ? "one event" : `${events} events picked at random`} with unlimited capacity, \`track_functions = all\`. ` +
    "Ratios within this run compare; absolute figures depend on what else the machine ran (**other CPU** column).",
  "",
  "| run | bookings/s | ÷ L_min | PostgreSQL CPU ms per booking | WAL bytes per booking | WAL records per booking | other CPU |",
  "|---|--:|--:|--:|--:|--:|--:|",
  ...results.map((m) => `| ${m.label} | ${m.tps.toFixed(0)} | ${(m.tps / results[0].tps).toFixed(2)} | ${f(m.pgMsPerBooking)} | ${f(m.walBytesPerBooking, 0)} | ${f(m.walRecordsPerBooking, 1)} | ${(m.otherShare * 100).toFixed(0)}% |`),
  "",
];
for (const m of results.slice(1)) {
  lines.push(`## ${m.label}: functions (ms per call)`, "", "| function | calls per booking | self | total |", "|---|--:|--:|--:|");
  const bookings = m.tps * seconds;
  for (const fn of m.functions) lines.push(`| ${fn.name} | ${(fn.calls / bookings).toFixed(2)} | ${fn.selfMs.toFixed(3)} | ${fn.totalMs.toFixed(3)} |`);
  lines.push("", "Rows written per booking:", "", "| table | inserts | updates | indexes |", "|---|--:|--:|--:|");
  for (const t of m.tables) lines.push(`| ${t.name} | ${t.inserts.toFixed(2)} | ${t.updates.toFixed(2)} | ${t.indexes} |`);
  lines.push("");
}
lines.push("## One booking, traced (auto_explain: ANALYZE, BUFFERS, nested statements)", "", "```", trace.trim(), "```", "");
const file = join(projectRoot, "bench", "results", `${stamp}-profile-hot-path.md`);
writeFileSync(file, lines.join("\n"));
console.log(lines.slice(0, 6 + results.length).join("\n"));
console.log(`\nwritten: ${file}`);
process.exit(0);
