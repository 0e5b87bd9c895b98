// How fast the host lets this machine run right now: a fixed single-core workload (a chain of
// SHA-256 digests), timed. Other tenants of the host slow every figure of a run without
// showing as "other" CPU inside the machine: on 2026-12-03 the same workload took 411 ms on
// an idle box and up to 765 ms between two runs of the same code, and the bare-HTTP ceiling
// halved between two suites (bench/results/2026-12-03-stop-25.md). The report gives a reading
// before the ceilings and after each run, so a depressed figure can be told from a slow host.
import { createHash } from "node:crypto";

const DIGESTS = 300_000;

/** The workload's time on an idle box of this machine kind (411 ms, 2026-12-03). */
export const IDLE_HOST_MS = 400;
/** A reading above this many times IDLE_HOST_MS marks the run's host as slow in the report. */
export const SLOW_HOST_FACTOR = 1.5;

/** Milliseconds the fixed workload took (lower is faster); about 0.4 s on an idle box. */
export function hostSpeedMs(): number {
  const start = process.hrtime.bigint();
  let digest = Buffer.alloc(32);
  for (let i = 0; i < DIGESTS; i++) digest = createHash("sha256").update(digest).digest();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
