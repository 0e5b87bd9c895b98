// Where a hot-event booking's time goes, measured the way issue 15 did: pgbench on one hot
// event (8 clients), `track_functions = all`, WAL written per booking, PostgreSQL CPU per
// booking, and one booking traced with auto_explain (ANALYZE, BUFFERS, nested statements).
// Same run, same server: L_min, then evently.book_tickets as it is now, then (with
// --variant FILE.sql, applied to the throwaway database only) as the variant has it, then as
// it is now again (the two "now" runs show the noise). A variant is an A/B of a change
// before it is made; functions/ is re-applied after it.
// On this 2-core box one run's figure moves by ±20% between identical runs, so with --rounds
// N the variant and "now" alternate N times (now, then N × variant, now) and the summary
// compares their medians; statements per call (from the traces) do not depend on the noise.
// With --waits, the first L run also samples (every 20 ms) what each waiting backend waits
// for and what the backend it waits for is doing: the serialized part of a hot-event booking.
// Usage: node bench/profile/hot-path.ts [--database-url U] [--seconds 10] [--clients 8] [--events 1] [--call book|hold] [--variant F.sql [--variant-undo G.sql] [--rounds N]] [--history N] [--waits]
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
    rounds: { type: "string", default: "1" },
    waits: { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const rounds = Math.max(1, Number(values.rounds));
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
// The time of each WAL sync (the commit's flush, which a hot event's row lock waits for).
await db.pool.query(`alter database ${db.name} set track_wal_io_timing = on`);
let run = 0;

interface Measured {
  label: string;
  tps: number;
  pgMsPerBooking: number;
  otherShare: number;
  walBytesPerBooking?: number;
  walRecordsPerBooking?: number;
  walSyncsPerBooking?: number;
  msPerWalSync?: number;
  functions: Array<{ name: string; calls: number; selfMs: number; totalMs: number }>;
  tables: Array<{ name: string; inserts: number; updates: number; indexes: number; seqScans: number; seqRows: number }>;
}

async function walNow(): Promise<{ bytes: number; records: number; syncs?: number; syncMs?: number } | undefined> {
  let w: { bytes: number; records: number; syncs?: number; syncMs?: number };
  try {
    ({ rows: [w] } = await db.pool.query("select wal_bytes::float8 as bytes, wal_records::float8 as records from pg_stat_wal"));
  } catch {
    return undefined; // PostgreSQL < 14
  }
  try {
    const { rows: [s] } = await db.pool.query('select wal_sync::float8 as syncs, wal_sync_time::float8 as "syncMs" from pg_stat_wal');
    return { ...w, ...s };
  } catch {
    return w; // PostgreSQL 18 moved the sync counts to pg_stat_io
  }
}

async function measure(label: string, script: "evently" | "min" | "hold"): Promise<Measured> {
  const r = ++run;
  await createEvents(db.pool, r, events, UNLIMITED, script === "min" ? "bench" : "evently");
  await db.pool.query("select pg_stat_reset()");
  const wal0 = await walNow();
  const watch = watchCpu({ postmasterPid, database: db.name });
  log(`${label}: pgbench -c ${clients} -T ${seconds} …`);
  const sampling = values.waits && script !== "min" && waits.size === 0 ? sampleWaits() : undefined;
  const result = await runPgbench({ url: db.url, clients, seconds, run: r, events, users, script });
  await sampling?.stop();
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
            t.seq_scan::float8 as "seqScans", t.seq_tup_read::float8 as "seqRows",
            (select count(*)::int from pg_index i where i.indrelid = t.relid) as indexes
       from pg_stat_user_tables t where t.n_tup_ins + t.n_tup_upd + t.seq_scan > 0
      order by t.n_tup_ins + t.n_tup_upd desc, t.seq_tup_read desc`,
  );
  const m: Measured = {
    label,
    tps: result.tps,
    pgMsPerBooking: (cpu.postgres * cpu.capacitySeconds * 1000) / Math.max(1, bookings),
    otherShare: cpu.other,
    walBytesPerBooking: wal0 && wal1 ? (wal1.bytes - wal0.bytes) / bookings : undefined,
    walRecordsPerBooking: wal0 && wal1 ? (wal1.records - wal0.records) / bookings : undefined,
    walSyncsPerBooking: wal0?.syncs !== undefined && wal1?.syncs !== undefined ? (wal1.syncs - wal0.syncs) / bookings : undefined,
    msPerWalSync: wal0?.syncs !== undefined && wal1?.syncs !== undefined && wal1.syncs > wal0.syncs
      ? (wal1.syncMs! - wal0.syncMs!) / (wal1.syncs - wal0.syncs) : undefined,
    functions,
    tables: tables.map((t) => ({ ...t, inserts: t.inserts / bookings, updates: t.updates / bookings,
      seqScans: t.seqScans / bookings, seqRows: t.seqRows / bookings })),
  };
  log(`  ${m.tps.toFixed(0)} bookings/s, PostgreSQL ${m.pgMsPerBooking.toFixed(2)} ms CPU per booking, other CPU ${(m.otherShare * 100).toFixed(0)}%`);
  return m;
}

// "waiting on → what its blocker does" (or "running" for a booking backend not waiting), counted.
const waits = new Map<string, number>();
let waitSamples = 0;

function sampleWaits(): { stop(): Promise<void> } {
  let running = true;
  const done = (async () => {
    const client = await db.pool.connect();
    try {
      while (running) {
        const { rows } = await client.query<{ state: string }>(
          `select case when a.wait_event is null then 'running (on CPU or ready)'
                       else a.wait_event_type || '/' || a.wait_event
                            || case when b.pid is null then ''
                                    else ' → blocker: ' || coalesce(b.wait_event_type || '/' || b.wait_event, 'on CPU') end end as state
             from pg_stat_activity a
             left join lateral (select x.pid, x.wait_event_type, x.wait_event from pg_stat_activity x
                                 where x.pid = (pg_blocking_pids(a.pid))[1]) b on true
            where a.datname = current_database() and a.pid <> pg_backend_pid() and a.state = 'active'
              and a.backend_type = 'client backend'`,
        );
        waitSamples++;
        for (const { state } of rows) waits.set(state, (waits.get(state) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      client.release();
    }
  })();
  return { stop: async () => { running = false; await done; } };
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
      await client.query("select id from evently.book_tickets($1, 1, $2)", [ids[0], `trace-${r}-${i}`]);
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
let variantTrace = "";
try {
  results.push(await measure("L_min (bench.book_min)", "min"));
  results.push(await measure(`${L}, ${callName} now`, call));
  trace = await traceOne();
  if (values.variant) {
    for (let round = 1; round <= rounds; round++) {
      await db.pool.query(readFileSync(values.variant, "utf8"));
      if (round === 1) variantTrace = await traceOne();
      results.push(await measure(`${L}, ${callName}, variant ${basename(values.variant)}`, call));
      await reapplyFunctions(db.pool);
      if (values["variant-undo"]) await db.pool.query(readFileSync(values["variant-undo"], "utf8"));
      results.push(await measure(`${L}, ${callName} now (again)`, call));
    }
    if (rounds > 1) results.push(await measure("L_min (bench.book_min, again)", "min"));
  }
} finally {
  await db.close();
}

/** Statements one call ran (auto_explain logs each, nested ones included), not counting the set_config. */
const statements = (t: string) => (t.match(/Query Text:/g) ?? []).length - (t.match(/Query Text: select set_config/g) ?? []).length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const stamp = new Date().toISOString().replace(/[:T]/g, "-").slice(0, 19); // to the second: runs a minute apart keep their files
const f = (x: number | undefined, d = 2) => (x === undefined ? "–" : x.toFixed(d));
const lines = [
  `# Hot-path profile — ${stamp}`,
  "",
  `Command: \`node bench/profile/hot-path.ts ${process.argv.slice(2).join(" ")}\`; pgbench, ${clients} clients, ${seconds} s each, ${events === 1 ? "one event" : `${events} events picked at random`} with unlimited capacity, \`track_functions = all\`. ` +
    "Ratios within this run compare; absolute figures depend on what else the machine ran (**other CPU** column).",
  "",
  "| run | bookings/s | ÷ L_min | PostgreSQL CPU ms per booking | WAL bytes per booking | WAL records per booking | WAL syncs per booking | ms per WAL sync | other CPU |",
  "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
  ...results.map((m) => `| ${m.label} | ${m.tps.toFixed(0)} | ${(m.tps / results[0].tps).toFixed(2)} | ${f(m.pgMsPerBooking)} | ${f(m.walBytesPerBooking, 0)} | ${f(m.walRecordsPerBooking, 1)} | ${f(m.walSyncsPerBooking)} | ${f(m.msPerWalSync, 3)} | ${(m.otherShare * 100).toFixed(0)}% |`),
  "",
  `Statements per ${callName} call (auto_explain, nested included): now ${statements(trace)}${values.variant ? `, variant ${statements(variantTrace)}` : ""}.`,
  "",
];
if (waits.size > 0) {
  const total = [...waits.values()].reduce((a, b) => a + b, 0);
  lines.push(
    `What the ${clients} backends were doing in the first ${L} run (${waitSamples} samples, 20 ms apart; a waiter's blocker is the backend it waits for):`,
    "",
    "| state | share of backend samples |",
    "|---|--:|",
    ...[...waits.entries()].sort((a, b) => b[1] - a[1]).filter(([, n]) => n / total >= 0.005)
      .map(([state, n]) => `| ${state} | ${((n / total) * 100).toFixed(0)}% |`),
    "",
  );
}
if (values.variant && rounds > 1) {
  const now = results.filter((m) => m.label.includes(" now"));
  const variant = results.filter((m) => m.label.includes(", variant "));
  const lmin = median(results.filter((m) => m.label.startsWith("L_min")).map((m) => m.tps));
  lines.push(
    `Medians over ${rounds} rounds (alternating):`,
    "",
    "| | runs | bookings/s (each) | median bookings/s | ÷ median L_min | median PostgreSQL CPU ms per booking |",
    "|---|--:|---|--:|--:|--:|",
    ...([["now", now], ["variant", variant]] as const).map(([label, ms]) =>
      `| ${label} | ${ms.length} | ${ms.map((m) => m.tps.toFixed(0)).join(", ")} | ${median(ms.map((m) => m.tps)).toFixed(0)} | ${(median(ms.map((m) => m.tps)) / lmin).toFixed(2)} | ${median(ms.map((m) => m.pgMsPerBooking)).toFixed(2)} |`),
    "",
  );
}
// The first run of each kind: later rounds repeat the same functions.
for (const m of results.slice(1).filter((m, i, all) => all.findIndex((o) => o.label === m.label) === i && !m.label.startsWith("L_min"))) {
  lines.push(`## ${m.label}: functions (ms per call)`, "", "| function | calls per booking | self | total |", "|---|--:|--:|--:|");
  const bookings = m.tps * seconds;
  for (const fn of m.functions) lines.push(`| ${fn.name} | ${(fn.calls / bookings).toFixed(2)} | ${fn.selfMs.toFixed(3)} | ${fn.totalMs.toFixed(3)} |`);
  lines.push("", "Rows written and read by sequential scans, per booking (a cached generic plan that scans a growing table shows as rows read growing with the run):", "",
    "| table | inserts | updates | indexes | sequential scans | rows they read |", "|---|--:|--:|--:|--:|--:|");
  for (const t of m.tables) lines.push(`| ${t.name} | ${t.inserts.toFixed(2)} | ${t.updates.toFixed(2)} | ${t.indexes} | ${t.seqScans.toFixed(2)} | ${t.seqRows.toFixed(1)} |`);
  lines.push("");
}
lines.push("## One booking, traced (auto_explain: ANALYZE, BUFFERS, nested statements)", "", "```", trace.trim(), "```", "");
if (variantTrace) lines.push("## One booking with the variant, traced", "", "```", variantTrace.trim(), "```", "");
const file = join(projectRoot, "bench", "results", `${stamp}-profile-hot-path.md`);
writeFileSync(file, lines.join("\n"));
console.log(lines.slice(0, lines.findIndex((l) => l.startsWith("## "))).join("\n")); // the tables above the first section
console.log(`\nwritten: ${file}`);
process.exit(0);
