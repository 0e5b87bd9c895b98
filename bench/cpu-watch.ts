// Who used the CPU during a measurement: the bench itself (load generator, and pgbench once
// it has exited), the app instances, this benchmark's PostgreSQL backends, and everything
// else. "Everything else" is what makes a measurement on a shared machine unreliable: the
// quietness check (other ≤ 10 % of all cores) reads it. Backends are sampled while they
// live, because pgbench's connections exit before the measurement ends; on a shared server
// only backends of the bench's own database (and the server's background processes) count
// as the bench's.
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { readdirSync } from "node:fs";
import { commandLine, cpuSeconds, machineBusySeconds, parentPid, selfCpuSeconds } from "./procfs.ts";

export interface CpuUse {
  seconds: number;
  /** All cores' time over the watch, in CPU seconds (shares × this = CPU seconds). */
  capacitySeconds: number;
  /** Shares of all cores' time, 0–1 each. */
  loadGenerator: number;
  /** pgbench and other exited children of the bench. */
  tools: number;
  app: number;
  postgres: number;
  other: number;
}

/** Quiet enough to publish: everything outside the benchmark used at most this share of all cores. */
export const QUIET_OTHER_SHARE = 0.1;

export interface CpuWatch {
  stop(): CpuUse;
}

function childrenOf(ppid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (/^\d+$/.test(entry) && parentPid(Number(entry)) === ppid) pids.push(Number(entry));
  }
  return pids;
}

/**
 * A backend of another database on a shared server is not the bench's. Background
 * processes (no database in their title: checkpointer, walwriter, …) work for everyone,
 * the bench included, and are counted as PostgreSQL.
 */
export function isOwnBackend(title: string, database: string | undefined): boolean {
  if (!database) return true;
  // Client backends: "postgres: [cluster: ]user database host(port) state".
  const client = /^postgres: (?:\S+: )?\S+ (\S+) (?:\S*\(\d+\)|\[local\])/.exec(title);
  return client ? client[1] === database : true;
}

export function watchCpu(opts: { postmasterPid?: number; database?: string; appPids?: number[]; intervalMs?: number }): CpuWatch {
  const t0 = performance.now();
  const machine0 = machineBusySeconds();
  const self0 = selfCpuSeconds();
  const app0 = (opts.appPids ?? []).reduce((s, pid) => s + cpuSeconds(pid), 0);
  // First and last CPU reading of every backend seen; new backends start from 0.
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let initial = true;
  const sample = () => {
    if (!opts.postmasterPid) return;
    for (const pid of [opts.postmasterPid, ...childrenOf(opts.postmasterPid)]) {
      if (pid !== opts.postmasterPid && !isOwnBackend(commandLine(pid), opts.database)) continue;
      const cpu = cpuSeconds(pid);
      if (!first.has(pid)) first.set(pid, initial ? cpu : 0);
      // CPU time only grows. A backend caught while it exits (pgbench's connections close
      // as the run ends, just before stop's sample) reads 0 from /proc; taking that as its
      // last reading dropped its whole run from PostgreSQL's share and showed it as other
      // CPU (a 1-client run read 0.00 ms per booking, a ceiling "other 76%").
      last.set(pid, Math.max(cpu, last.get(pid) ?? 0));
    }
    initial = false;
  };
  sample();
  const timer = setInterval(sample, opts.intervalMs ?? 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const capacity = ((performance.now() - t0) / 1000) * availableParallelism();
      const self1 = selfCpuSeconds();
      const app = (opts.appPids ?? []).reduce((s, pid) => s + cpuSeconds(pid), 0) - app0;
      let postgres = 0;
      for (const [pid, end] of last) postgres += Math.max(0, end - (first.get(pid) ?? 0));
      const generator = self1.self - self0.self;
      const tools = self1.children - self0.children;
      const busy = machineBusySeconds() - machine0;
      const share = (x: number) => (capacity > 0 ? Math.max(0, x) / capacity : 0);
      return {
        seconds: capacity / availableParallelism(),
        capacitySeconds: capacity,
        loadGenerator: share(generator),
        tools: share(tools),
        app: share(app),
        postgres: share(postgres),
        other: share(busy - generator - tools - app - postgres),
      };
    },
  };
}

/**
 * CPU milliseconds per answered request, of PostgreSQL and of the app processes: unlike
 * throughput, these barely move when other work competes for the cores, so they compare
 * runs on a busy machine.
 */
export function cpuPerRequest(use: CpuUse, requests: number): { postgresMs: number; appMs: number } | undefined {
  if (requests <= 0) return undefined;
  return {
    postgresMs: (use.postgres * use.capacitySeconds * 1000) / requests,
    appMs: (use.app * use.capacitySeconds * 1000) / requests,
  };
}
