// N app processes against one database, each exactly what `npm start` runs
// (src/cli/start.ts: HTTP + GraphQL + its in-process job worker), in production mode
// with one fixed JWT secret so a token is valid on every instance.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { projectRoot } from "../src/config.ts";
import { freePort, waitHealthy } from "../test/support.ts";
import { cpuSeconds, rssMb } from "./procfs.ts";

export interface AppInstance {
  pid: number;
  url: string;
  child: ChildProcess;
}

export interface AppFleet {
  instances: AppInstance[];
  /** Booking batching on (BOOKING_BATCH) in these instances. */
  batch: boolean;
  /** Samples RSS of the first `count` instances until the returned stop() (peak MB per instance). */
  sampleRss(count: number): () => number[];
  cpuSeconds(count: number): number;
  stop(): Promise<void>;
}

/**
 * The environment and node flags of `npm start` (package.json), so an instance is exactly
 * what `npm start` runs, memory settings included:
 * "VAR=value node --flag … src/cli/start.ts" → { env: { VAR: "value" }, flags: ["--flag", …] }.
 */
export function startCommand(script: string = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).scripts.start): { env: Record<string, string>; flags: string[] } {
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift()!.split("=");
    env[name] = value.join("=");
  }
  return { env, flags: words[0] === "node" ? words.slice(1).filter((w) => w.startsWith("--")) : [] };
}

export async function startFleet(opts: {
  count: number;
  ownerUrl: string;
  authUrl: string;
  jwtSecret: string;
  profileDir?: string;
  batch: boolean;
  /** More environment for every instance (AUTH_DATABASE_POOLER with --pgbouncer). */
  env?: Record<string, string>;
}): Promise<AppFleet> {
  const dataDir = mkdtempSync(join(tmpdir(), "evently-bench-app-"));
  const instances: AppInstance[] = [];
  // One at a time: each runs migrations at boot (a no-op here) under an advisory lock.
  for (let i = 0; i < opts.count; i++) {
    const port = await freePort();
    const start = startCommand();
    const args = [...start.flags, ...(opts.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.profileDir}`] : [])];
    const child = spawn(process.execPath, [...args, join(projectRoot, "src/cli/start.ts")], {
      cwd: projectRoot,
      env: {
        ...process.env,
        ...start.env,
        DATABASE_URL: opts.ownerUrl,
        AUTH_DATABASE_URL: opts.authUrl,
        JWT_SECRET: opts.jwtSecret,
        PORT: String(port),
        HOST: "127.0.0.1",
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        EVENTLY_DATA_DIR: dataDir,
        // The REST booking limit (per user and per IP, and every bench client is
        // 127.0.0.1) must never refuse: the benchmark measures booking, not the limiter.
        RATE_LIMIT_PER_MINUTE: "1000000000",
        BOOKING_BATCH: opts.batch ? "on" : "off",
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const keep = (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-4000);
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    // BENCH_APP_LOG=<file>: every instance's output appended there (to find a 500's log line by its request id).
    if (process.env.BENCH_APP_LOG) {
      const file = process.env.BENCH_APP_LOG;
      const append = (chunk: Buffer) => appendFileSync(file, chunk);
      child.stdout!.on("data", append);
      child.stderr!.on("data", append);
    }
    const url = `http://127.0.0.1:${port}`;
    instances.push({ pid: child.pid!, url, child });
    await waitHealthy(url, { child, output: () => out });
  }
  return {
    instances,
    batch: opts.batch,
    sampleRss(count) {
      const peaks = new Array<number>(count).fill(0);
      const sample = () =>
        instances.slice(0, count).forEach((inst, i) => {
          peaks[i] = Math.max(peaks[i], rssMb(inst.pid) ?? 0);
        });
      sample();
      const timer = setInterval(sample, 250);
      return () => {
        clearInterval(timer);
        sample();
        return peaks;
      };
    },
    cpuSeconds(count) {
      return instances.slice(0, count).reduce((sum, inst) => sum + cpuSeconds(inst.pid), 0);
    },
    async stop() {
      await Promise.all(
        instances.map(
          (inst) =>
            new Promise<void>((resolve) => {
              if (inst.child.exitCode !== null) return resolve();
              const kill = setTimeout(() => inst.child.kill("SIGKILL"), 10_000);
              inst.child.once("exit", () => {
                clearTimeout(kill);
                resolve();
              });
              inst.child.kill("SIGTERM");
            }),
        ),
      );
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
