// Linux /proc readings: resident memory and CPU time of processes, to report app RSS
// and how the two cores were shared between load generator, app and PostgreSQL.
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** Resident set size in MB (VmRSS), or undefined when the process is gone. */
export function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Stat {
  pid: number;
  comm: string;
  ppid: number;
  cpuSeconds: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm may contain spaces: fields after the closing parenthesis are fixed.
    const close = raw.lastIndexOf(")");
    const comm = raw.slice(raw.indexOf("(") + 1, close);
    const fields = raw.slice(close + 2).split(" ");
    const ppid = Number(fields[1]);
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return { pid, comm, ppid, cpuSeconds: (utime + stime) / CLOCK_TICKS };
  } catch {
    return undefined;
  }
}

export function cpuSeconds(pid: number): number {
  return stat(pid)?.cpuSeconds ?? 0;
}

/**
 * CPU seconds of a process's main thread (the event loop, for Node) and of all its other
 * threads together (V8's GC and compiler threads, libuv's pool), from /proc/<pid>/task.
 * Zero for a process that is gone.
 */
export function threadCpuSeconds(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return { main, others };
  }
  for (const tid of tids) {
    try {
      const raw = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
      const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
      if (Number(tid) === pid) main = seconds;
      else others += seconds;
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return { main, others };
}

/** CPU seconds per process of a process and its direct children (a postmaster and its backends). */
export function cpuSecondsWithChildren(pid: number): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s && (s.pid === pid || s.ppid === pid)) byPid.set(s.pid, s.cpuSeconds);
  }
  return byPid;
}

/**
 * CPU used between two snapshots by processes alive at the end. Backends that exited
 * meanwhile are missed (an undercount), never subtracted.
 */
export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/** The parent of a process (a backend's parent is the postmaster). */
export function parentPid(pid: number): number | undefined {
  return stat(pid)?.ppid;
}

/** Every process whose command name is `comm` (e.g. "pgbench"). */
export function cpuSecondsOfCommand(comm: string): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.comm === comm) total += s.cpuSeconds;
  }
  return total;
}

/** CPU seconds all cores spent busy since boot (/proc/stat), to see what else ran. */
export function machineBusySeconds(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
  void idle;
  void iowait;
  return (user + nice + system + irq + softirq + (steal ?? 0)) / CLOCK_TICKS;
}

/** This process's own CPU seconds, and its exited (reaped) children's, e.g. pgbench. */
export function selfCpuSeconds(): { self: number; children: number } {
  const raw = readFileSync("/proc/self/stat", "utf8");
  const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ").map(Number);
  return { self: (fields[11] + fields[12]) / CLOCK_TICKS, children: (fields[13] + fields[14]) / CLOCK_TICKS };
}

/** The process title PostgreSQL gives a backend ("postgres: user database host(port) state"). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
  } catch {
    return "";
  }
}
