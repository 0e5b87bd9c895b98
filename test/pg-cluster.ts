// A PostgreSQL cluster of the test's own, built with the machine's PostgreSQL tools
// (initdb, pg_ctl; /usr/lib/postgresql/<major>/bin on Debian), for tests that need tools
// which must match the server's major version: pg_dump, pg_basebackup, a streaming
// replica. The embedded server (npm test's default) ships no such tools.
//
// As root, PostgreSQL runs as the system user `postgres`, which cannot enter 0700 folders
// (every mkdtemp): the cluster's folder is made enterable and handed to that user.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, appendFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Test } from "tap";
import { projectRoot } from "../src/config.ts";
import { withCredentials } from "../src/db/authenticator.ts";
import type { TestDb } from "./helpers.ts";
import { freePort } from "./support.ts";

export interface PgTools {
  bin: string;
  major: number;
}

const TOOLS = ["initdb", "pg_ctl", "postgres", "pg_dump", "pg_restore", "pg_basebackup", "psql"];

/** The newest PostgreSQL installation with every tool the tests use (PG_BIN overrides). */
export function findPgTools(): PgTools | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    for (const major of readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a))) {
      candidates.push(join(root, major, "bin"));
    }
  }
  for (const bin of candidates) {
    if (!TOOLS.every((tool) => existsSync(join(bin, tool)))) continue;
    const out = spawnSync(join(bin, "pg_ctl"), ["--version"], { encoding: "utf8" }).stdout ?? "";
    const major = Number(/(\d+)/.exec(out)?.[1]);
    if (major) return { bin, major };
  }
  return undefined;
}

/**
 * The tools, or undefined after telling tap why the file is skipped. In CI a missing
 * installation is a failure: .ci/run's machine has PostgreSQL 15's tools.
 */
export function pgToolsOrSkip(t: Test): PgTools | undefined {
  const tools = findPgTools();
  if (tools) return tools;
  const why = "no PostgreSQL installation with initdb, pg_ctl, pg_dump and pg_basebackup (apt-get install postgresql, or set PG_BIN)";
  if (process.env.CI) t.fail(why);
  else t.plan(0, why);
  return undefined;
}

export { freePort } from "./support.ts";

interface RunAs {
  uid: number;
  gid: number;
}

function serverUser(): RunAs | undefined {
  if (userInfo().uid !== 0) return undefined;
  const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) throw new Error("running as root needs a system user named postgres to run PostgreSQL as");
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

/** Runs a PostgreSQL tool as the server's user; rejects with its output when it fails. */
export function runTool(tools: PgTools, tool: string, args: string[], opts: { asServerUser?: boolean; env?: Record<string, string> } = {}): Promise<string> {
  const user = opts.asServerUser ? serverUser() : undefined;
  return new Promise((resolve, reject) => {
    const child = spawn(join(tools.bin, tool), args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C", LANG: "C", ...opts.env },
      ...(user ?? {}),
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c));
    child.stderr.on("data", (c: Buffer) => (output += c));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${tool} ${args.join(" ")} exited ${code}: ${output}`))));
  });
}

export interface Cluster {
  tools: PgTools;
  port: number;
  /** The cluster's folder (PGDATA). */
  dataDir: string;
  /** Superuser URL of a database on this cluster. */
  url(database?: string): string;
  start(): Promise<void>;
  /** Fast shutdown; `immediate` is a crash (no checkpoint). */
  stop(mode?: "fast" | "immediate"): Promise<void>;
}

export interface ClusterOptions {
  /** Extra postgresql.conf lines. */
  settings?: Record<string, string | number>;
  /** Build the data folder with this instead of initdb (e.g. pg_basebackup); gets the empty folder. */
  create?: (dataDir: string) => Promise<void>;
}

/** A new cluster on a free port, removed at teardown. Trust authentication on 127.0.0.1. */
export async function startCluster(t: Test, tools: PgTools, options: ClusterOptions = {}): Promise<Cluster> {
  const user = serverUser();
  const home = mkdtempSync(join(tmpdir(), "evently-cluster-"));
  chmodSync(home, 0o755);
  if (user) chownSync(home, user.uid, user.gid);
  const dataDir = join(home, "data");
  const port = await freePort();
  if (options.create) {
    await options.create(dataDir);
  } else {
    await runTool(tools, "initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], {
      asServerUser: true,
    });
  }
  const settings: Record<string, string | number> = {
    port,
    listen_addresses: "'127.0.0.1'",
    unix_socket_directories: `'${home}'`,
    // Throwaway test data: no fsync.
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    max_connections: 200,
    ...options.settings,
  };
  appendFileSync(join(dataDir, "postgresql.conf"), `\n# test cluster\n${Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join("\n")}\n`);
  const logFile = join(home, "server.log");
  let running = false;
  const cluster: Cluster = {
    tools,
    port,
    dataDir,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await runTool(tools, "pg_ctl", ["start", "-D", dataDir, "-l", logFile, "-w", "-t", "60"], { asServerUser: true });
      running = true;
    },
    async stop(mode = "fast") {
      if (!running) return;
      await runTool(tools, "pg_ctl", ["stop", "-D", dataDir, "-m", mode, "-w", "-t", "60"], { asServerUser: true });
      running = false;
    },
  };
  t.teardown(async () => {
    await cluster.stop("immediate").catch(() => {});
    rmSync(home, { recursive: true, force: true });
  });
  await cluster.start();
  return cluster;
}

/** `npm run migrate` on the database (its output only when it fails). */
function migrate(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, "src", "cli", "migrate.ts")], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c));
    child.stderr.on("data", (c: Buffer) => (output += c));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrate exited ${code}: ${output}`))));
  });
}

/**
 * A migrated database on the cluster, shaped like createTestDb's (so the fixtures in
 * helpers.ts work on it). evently_authenticator logs in without a password (trust).
 */
export async function createClusterDb(t: Test, cluster: Cluster, name = "evently"): Promise<TestDb> {
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = cluster.url(name);
  await migrate(url);
  const pools: pg.Pool[] = [];
  const newPool = (max: number, poolUrl = url) => {
    const p = new pg.Pool({ connectionString: poolUrl, max });
    p.on("error", () => {});
    pools.push(p);
    return p;
  };
  t.teardown(() => Promise.all(pools.splice(0).map((p) => p.end().catch(() => {}))));
  return { name, url, authUrl: withCredentials(url, "evently_authenticator", "trust"), pool: newPool(10), newPool };
}
