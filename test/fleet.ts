// Several Evently processes on one test database, started as operators start them:
// API processes (`npm start` with WORKER=off) and job workers (`npm run worker`), each its
// own OS process with every log line kept, so tests can kill -9 them, SIGTERM them, and
// read what they did.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Test } from "tap";
import { projectRoot } from "../src/config.ts";
import { freePort, waitHealthy } from "./support.ts";
import type { TestDb } from "./helpers.ts";

export interface Proc {
  name: string;
  child: ChildProcess;
  /** http://127.0.0.1:port for API processes. */
  url?: string;
  port?: number;
  /** Every line it wrote (stdout and stderr). */
  lines: string[];
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (a deploy's stop); resolves with the exit code. SIGKILL after killAfterMs. */
  terminate(killAfterMs?: number): Promise<number | null>;
  /** kill -9. */
  kill9(): Promise<void>;
}

export interface FleetEnv {
  db: TestDb;
  jwtSecret: string;
  /** Added to every process's environment. */
  env?: Record<string, string>;
}

export function fleet(t: Test, { db, jwtSecret, env = {} }: FleetEnv) {
  const dataDir = mkdtempSync(join(tmpdir(), "evently-fleet-"));
  const procs: Proc[] = [];
  t.teardown(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    await Promise.all(procs.map((p) => p.exited));
    rmSync(dataDir, { recursive: true, force: true });
  });

  function spawnProc(name: string, script: string, extra: Record<string, string>): Proc {
    const child = spawn(process.execPath, [join(projectRoot, "src/cli", script)], {
      cwd: projectRoot,
      env: {
        ...process.env,
        NODE_ENV: "production", // no DDL at boot: the database is migrated, as after `npm run migrate`
        DATABASE_URL: db.url,
        AUTH_DATABASE_URL: db.authUrl,
        JWT_SECRET: jwtSecret,
        EVENTLY_DATA_DIR: dataDir,
        LOG_LEVEL: "warn",
        PGAPPNAME: name, // which process holds which connection (pg_stat_activity.application_name)
        ...env,
        ...extra,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let partial = { out: "", err: "" };
    const keep = (which: "out" | "err") => (chunk: Buffer) => {
      const text = partial[which] + chunk.toString();
      const parts = text.split("\n");
      partial[which] = parts.pop()!;
      lines.push(...parts);
    };
    child.stdout!.on("data", keep("out"));
    child.stderr!.on("data", keep("err"));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => {
        lines.push(...[partial.out, partial.err].filter(Boolean));
        partial = { out: "", err: "" };
        resolve({ code, signal });
      }),
    );
    const proc: Proc = {
      name,
      child,
      lines,
      output: () => lines.slice(-60).join("\n"),
      exited,
      async terminate(killAfterMs = 30_000) {
        if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
        const kill = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
        child.kill("SIGTERM");
        const { code } = await exited;
        clearTimeout(kill);
        return code;
      },
      async kill9() {
        child.kill("SIGKILL");
        await exited;
      },
    };
    procs.push(proc);
    return proc;
  }

  return {
    procs,
    /** An API process: `npm start` with WORKER=off (port: reuse one, e.g. for a restart). */
    async api(name: string, extra: Record<string, string> = {}, port?: number): Promise<Proc> {
      const p = port ?? (await freePort());
      const proc = spawnProc(name, "start.ts", { WORKER: "off", PORT: String(p), HOST: "127.0.0.1", ...extra });
      proc.port = p;
      proc.url = `http://127.0.0.1:${p}`;
      return proc;
    },
    /** A job worker: `npm run worker`. */
    worker(name: string, extra: Record<string, string> = {}): Proc {
      return spawnProc(name, "worker.ts", extra);
    },
    async healthy(proc: Proc, timeoutMs = 60_000): Promise<void> {
      await waitHealthy(proc.url!, { child: proc.child, output: proc.output }, timeoutMs);
    },
  };
}

/** Parsed pino lines of a process (non-JSON lines skipped). */
export function logRecords(proc: Proc): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of proc.lines) {
    if (!line.startsWith("{")) continue;
    try {
      out.push(JSON.parse(line));
    } catch { /* a partial line */ }
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
