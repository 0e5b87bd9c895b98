// Small helpers shared by the test suite, test/run.ts and the benchmark: a free TCP port,
// polling until something is true, and Evently processes started as users start them.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { projectRoot } from "../src/config.ts";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Polls probe every intervalMs until it returns a value other than undefined. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** The last 8 kB of its stdout and stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns `node src/cli/<script>` (start.ts, worker.ts, migrate.ts) with env added to ours. */
export function spawnApp(script: string, env: Record<string, string>): Omit<AppProcess, "url"> {
  const child = spawn(process.execPath, [join(projectRoot, "src/cli", script)], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-8000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.kill("SIGTERM");
      const code = await exited;
      clearTimeout(kill);
      return code;
    },
  };
}

/** Resolves when GET url/health answers 200; rejects when the process exits first or after timeoutMs. */
export async function waitHealthy(url: string, app: Pick<AppProcess, "child" | "output">, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `${url}/health`,
    async () => {
      if (app.child.exitCode !== null) throw new Error(`process exited (${app.child.exitCode}):\n${app.output()}`);
      try {
        return (await fetch(`${url}/health`)).ok ? true : undefined;
      } catch {
        return undefined; // not listening yet
      }
    },
    timeoutMs,
    200,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${app.output()}`);
  });
}
