// PgBouncer in transaction mode in front of a PostgreSQL server, on a port of its own, for
// tests (`EVENTLY_TEST_PGBOUNCER=1 npm test`, test/ops/pgbouncer.test.ts) and the benchmark
// (`--pgbouncer`). Debian's package: apt-get install pgbouncer. Every database of the
// server is reachable through it under the same name (a `*` entry).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { freePort, waitFor } from "./support.ts";

export function findPgBouncer(): string | undefined {
  for (const candidate of [process.env.PGBOUNCER_BIN, "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  const which = spawnSync("sh", ["-c", "command -v pgbouncer"], { encoding: "utf8" });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

export const PGBOUNCER_MISSING = "pgbouncer is not installed (Debian: apt-get install pgbouncer; .ci/run installs it)";

export interface PgBouncer {
  port: number;
  /** The same URL with PgBouncer's host and port. */
  through(url: string): string;
  /** Its log (connections, errors), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** The server it pools for. */
  serverHost?: string;
  serverPort: number;
  /** Logins and passwords it accepts and uses towards the server (empty password: the server trusts). */
  users: Record<string, string>;
  /** Server connections per user and database. */
  poolSize: number;
  port?: number;
}

export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const bin = findPgBouncer();
  if (!bin) throw new Error(PGBOUNCER_MISSING);
  const dir = mkdtempSync(join(tmpdir(), "evently-pgbouncer-"));
  // PgBouncer refuses to run as root: as root it runs as `postgres`, which needs its folder.
  const asUser = userInfo().uid === 0 ? serverUser() : undefined;
  chmodSync(dir, 0o755);
  if (asUser) chownSync(dir, asUser.uid, asUser.gid);
  const port = options.port ?? (await freePort());
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(join(dir, "userlist.txt"), Object.entries(options.users).map(([u, p]) => `${quote(u)} ${quote(p)}`).join("\n") + "\n");
  writeFileSync(
    join(dir, "pgbouncer.ini"),
    `[databases]
* = host=${options.serverHost ?? "127.0.0.1"} port=${options.serverPort}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
; Clients are tests on this machine; towards the server it logs in with the passwords above.
auth_type = trust
auth_file = ${join(dir, "userlist.txt")}
pool_mode = transaction
default_pool_size = ${options.poolSize}
max_client_conn = 10000
ignore_startup_parameters = extra_float_digits
logfile = ${join(dir, "pgbouncer.log")}
pidfile = ${join(dir, "pgbouncer.pid")}
log_connections = 0
log_disconnections = 0
`,
  );
  for (const file of ["userlist.txt", "pgbouncer.ini"]) {
    if (asUser) chownSync(join(dir, file), asUser.uid, asUser.gid);
  }
  const child: ChildProcess = spawn(bin, [join(dir, "pgbouncer.ini")], { stdio: ["ignore", "pipe", "pipe"], ...(asUser ?? {}) });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c));
  child.stderr!.on("data", (c: Buffer) => (output += c));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const log = () => {
    try {
      return output + readFileSync(join(dir, "pgbouncer.log"), "utf8");
    } catch {
      return output;
    }
  };
  await waitFor(
    `pgbouncer on port ${port}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}): ${log()}`);
      return new Promise<true | undefined>((resolve) => {
        const socket = connect(port, "127.0.0.1");
        socket.once("connect", () => (socket.destroy(), resolve(true)));
        socket.once("error", () => resolve(undefined));
      });
    },
    15_000,
    50,
  );
  return {
    port,
    through(url: string) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(port);
      return parsed.toString();
    },
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function serverUser(): { uid: number; gid: number } {
  const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) throw new Error("running as root needs a system user named postgres to run pgbouncer as");
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}
