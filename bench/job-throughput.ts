// Job throughput of worker processes: N holds over E events expire at the same moment, and
// W `npm run worker` processes (src/cli/worker.ts, WORKER_CONCURRENCY=C) release them.
// Prints how long until every hold was released (expire_hold jobs per second) and the CPU
// seconds the workers and PostgreSQL used.
// Usage: node bench/job-throughput.ts [--holds 3000] [--events 50] [--workers 1] [--concurrency 4]
// Uses DATABASE_URL or a throwaway embedded PostgreSQL.
import "../src/cli/env.ts";
import { parseArgs } from "node:util";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbedded } from "../src/db/embedded.ts";
import { ensureDatabase } from "../src/db/database.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { makePool } from "../src/db/pool.ts";
import { projectRoot } from "../src/config.ts";
import { cpuSeconds } from "./procfs.ts";
import { startCommand } from "./instances.ts";

const { values } = parseArgs({
  options: {
    holds: { type: "string", default: "3000" },
    events: { type: "string", default: "50" },
    workers: { type: "string", default: "1" },
    concurrency: { type: "string", default: "4" },
  },
});
const holds = Number(values.holds);
const events = Number(values.events);
const workers = Number(values.workers);
const concurrency = Number(values.concurrency);

let url = process.env.DATABASE_URL;
let stop = async () => {};
let dir: string | undefined;
if (!url) {
  dir = mkdtempSync(join(tmpdir(), "evently-jobs-"));
  const server = await startEmbedded({ dataDir: dir, port: 55000 + (process.pid % 1000), persistent: false });
  await ensureDatabase(server.adminUrl, "jobs");
  url = server.urlFor("jobs");
  stop = () => server.stop();
}
process.env.LOG_LEVEL ??= "warn";
await migrateDatabase(url);
const pool = makePool(url, 4);
const backends = async () =>
  (await pool.query<{ pid: number }>("select pid from pg_stat_activity where datname = current_database()")).rows.map((r) => r.pid);

// E events, one hold per user, spread evenly.
const { rows: [admin] } = await pool.query("insert into evently.users (email, name, role) values ('jobs-admin@example.com', 'A', 'admin') returning id");
const client = await pool.connect();
await client.query("begin");
await client.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [admin.id]);
const { rows: eventRows } = await client.query(
  "select (evently.create_event('Jobs ' || i, now() + interval '1 day', $1, hold_ttl => '1 hour', max_tickets_per_user => 1)).id from generate_series(1, $2) i",
  [Math.ceil(holds / events), events],
);
await client.query("commit");
client.release();
const { rows: users } = await pool.query("insert into evently.users (email, name) select 'j' || i || '@example.com', 'J' from generate_series(1, $1) i returning id", [holds]);
const c2 = await pool.connect();
for (let i = 0; i < holds; i++) {
  await c2.query("begin");
  await c2.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [users[i].id]);
  await c2.query("select evently.hold_tickets($1, 1)", [eventRows[i % events].id]);
  await c2.query("commit");
}
c2.release();

// The workers, started as `npm run worker` is (its environment and node flags, package.json);
// ready once each has beaten.
const worker = startCommand(JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).scripts.worker);
const children: ChildProcess[] = [];
for (let i = 0; i < workers; i++) {
  children.push(spawn(process.execPath, [...worker.flags, join(projectRoot, "src/cli/worker.ts")], {
    cwd: projectRoot,
    env: { ...process.env, ...worker.env, DATABASE_URL: url, WORKER_CONCURRENCY: String(concurrency), WORKER_POLL_MS: "200", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  }));
}
for (;;) {
  const { rows } = await pool.query<{ n: number }>("select count(*)::int as n from evently_ops.worker_heartbeats");
  if (rows[0].n >= workers) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
await new Promise((resolve) => setTimeout(resolve, 1000));
const pgPids = await backends();
const cpu0 = children.reduce((s, c) => s + cpuSeconds(c.pid!), 0);
const pg0 = pgPids.reduce((s, p) => s + cpuSeconds(p), 0);

// Everything due now.
const started = Date.now();
await pool.query("update evently.holds set expires_at = now() where status = 'active'");
await pool.query("update graphile_worker._private_jobs set run_at = now() where key like 'expire_hold:%'");
for (;;) {
  const { rows } = await pool.query<{ n: number }>("select count(*)::int as n from evently.holds where status = 'active'");
  if (rows[0].n === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const seconds = (Date.now() - started) / 1000;
const cpu = children.reduce((s, c) => s + cpuSeconds(c.pid!), 0) - cpu0;
const pgCpu = (await backends()).reduce((s, p) => s + cpuSeconds(p), 0) - pg0;
const { rows: [v] } = await pool.query<{ n: number }>("select count(*)::int as n from evently_private.invariant_violations(null)");
console.log(
  `${holds} holds over ${events} events, ${workers} worker process(es) × concurrency ${concurrency}: ` +
  `all released in ${seconds.toFixed(2)} s = ${(holds / seconds).toFixed(0)} jobs/s; ` +
  `CPU per job: workers ${((cpu / holds) * 1000).toFixed(2)} ms, PostgreSQL ${((pgCpu / holds) * 1000).toFixed(2)} ms (backends alive at start); invariant violations ${v.n}`,
);
for (const c of children) c.kill("SIGTERM");
await Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once("exit", resolve)))));
await pool.end();
await stop();
if (dir) rmSync(dir, { recursive: true, force: true });
