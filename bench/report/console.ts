// What a run prints when it ends.
import type { Lag } from "../lags.ts";
import type { Ceiling } from "../ceiling/measure.ts";
import type { RunResult } from "../run-one.ts";
import { fmt } from "../stats.ts";
import { quietness, violated } from "./targets.ts";
import { cpuPerRequest } from "../cpu-watch.ts";
import { summarizePush, type PushLatency } from "../push-latency.ts";

/** The live-update push latency of a run, in words (empty for runs without a probe). */
export function pushLine(push: PushLatency | undefined): string {
  if (!push) return "";
  const s = summarizePush(push);
  if (!s) return `not measured (${push.failure ?? "no probe booking answered"})`;
  return `p50 ${fmt(s.p50)}  p99 ${fmt(s.p99)}  max ${fmt(s.max)} ms (commit → eventChanged, ${s.n} probe bookings${s.missed ? `, ${s.missed} missed` : ""})`;
}

/** How busy an app instance's main thread was, and its other threads, in words. */
export function appThreadsLine(t: NonNullable<RunResult["appThreads"]>): string {
  return `main thread busy ${(t.mainBusy * 100).toFixed(0)}% of the run, other threads ${(t.otherCores * 100).toFixed(0)}% of a core`;
}

export function lagLine(l: Lag): string {
  return `${l.what} lag over ${l.setting}: p50 ${fmt(l.p50)}, p90 ${fmt(l.p90)}, p99 ${fmt(l.p99)}, max ${fmt(l.max)} ms`;
}

export function invariantLine(r: RunResult): string {
  const i = r.invariants;
  const verdict = violated(r)
    ? r.spec.strategy === "naive" ? "VIOLATED (expected: naive does not lock)" : "VIOLATED"
    : "ok";
  if (i.seats) {
    return `seats taken ${i.sold} of ${i.capacity}, seats in two holds/tickets ${i.seats.doubleSeats}, held/booked by nothing ${i.seats.orphanSeats}, ` +
      `refused while enough were free ${i.seats.falseSoldOuts}, counter mismatches ${i.counterMismatches}, client-seen − rows ${i.unaccounted}: ${verdict}`;
  }
  return `sold ${i.sold} of ${i.capacity}, oversold ${i.oversold}, counter mismatches ${i.counterMismatches}, client-seen − rows ${i.unaccounted}: ${verdict}`;
}

export function formatRun(r: RunResult): string {
  const l = r.latency;
  const granted =
    r.seatsGranted === undefined
      ? `booked ${r.successes} (${fmt(r.successesPerSec)}/s while tickets lasted)`
      : `held ${r.seatsGranted} seats in ${r.successes} holds (${fmt(r.seatsPerSec)} seats/s, ${fmt(r.successesPerSec)} holds/s while seats lasted)`;
  const lines = [
    `== ${r.label}`,
    `  ${r.requests} requests in ${(r.elapsedMs / 1000).toFixed(1)} s: ${granted}, ` +
      `refused ${r.refusals} (${fmt(r.refusalsPerSec)}/s), errors ${r.errors}${r.notSent ? `, not sent ${r.notSent}` : ""}`,
    `  latency ms${r.spec.rate ? " (from intended start)" : ""}: p50 ${fmt(l.p50)}  p90 ${fmt(l.p90)}  p99 ${fmt(l.p99)}  p99.9 ${fmt(l.p999)}  max ${fmt(l.max)}`,
  ];
  if (r.rssMb.length) lines.push(`  app RSS peak: ${r.rssMb.map((m) => `${m.toFixed(0)} MB`).join(", ")}`);
  if (r.cpu) {
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    lines.push(`  CPU (share of all cores): load generator ${pct(r.cpu.loadGenerator)}, app ${pct(r.cpu.app)}, PostgreSQL ${pct(r.cpu.postgres)}, other ${pct(r.cpu.other)}`);
    const per = cpuPerRequest(r.cpu, r.successes + r.refusals + r.errors);
    if (per) lines.push(`  CPU per answered request: PostgreSQL ${per.postgresMs.toFixed(2)} ms, app ${per.appMs.toFixed(2)} ms`);
  }
  if (r.appThreads) lines.push(`  app threads: ${appThreadsLine(r.appThreads)}`);
  if (r.push) lines.push(`  live updates: ${pushLine(r.push)}`);
  if (r.beside) lines.push(`  ${r.beside.name} beside this run: ${fmt(r.beside.tps)} bookings/s; booked/s ÷ it = ${(r.successesPerSec / r.beside.tps).toFixed(2)}`);
  lines.push(`  invariants: ${invariantLine(r)}`);
  for (const [message, count] of r.errorSamples.slice(0, 5)) lines.push(`  error ×${count}: ${message}`);
  return lines.join("\n");
}

export function formatCeiling(c: Ceiling): string {
  const lines = ["== ceiling"];
  if (c.pgbenchMissing) lines.push(`  ${c.pgbenchMissing}`);
  if (c.lMin) lines.push(`  L_min    ${fmt(c.lMin.tps)} bookings/s (pgbench, bench.book_min, best at ${c.lMin.clients} clients)`);
  if (c.lHot) lines.push(`  L_hot    ${fmt(c.lHot.tps)} bookings/s (pgbench, best at ${c.lHot.clients} clients)`);
  const at8 = (x: typeof c.lHot) => x?.all.find((r) => r.clients === 8)?.tps;
  if (at8(c.lMin) && at8(c.lHot)) lines.push(`  L_hot ÷ L_min at 8 clients: ${(at8(c.lHot)! / at8(c.lMin)!).toFixed(2)}`);
  if (c.lSpread) lines.push(`  L_spread ${fmt(c.lSpread.tps)} bookings/s (pgbench, ${c.lSpread.events} events, best at ${c.lSpread.clients} clients)`);
  if (c.lBatch) lines.push(`  L_batch  ${fmt(c.lBatch.bookingsPerSec)} bookings/s (pgbench, book_tickets_batch, ${c.lBatch.size} per call, ${c.lBatch.clients} clients)`);
  if (c.bareHttp) lines.push(`  bare HTTP ${fmt(c.bareHttp.requestsPerSec)} requests/s (${c.bareHttp.clients} clients, p99 ${fmt(c.bareHttp.latency.p99)} ms)`);
  const q = quietness(c);
  if (q) lines.push(q.quiet ? `  machine quiet: other CPU ≤ ${(q.maxOther * 100).toFixed(0)}% during the ceilings` : `  machine NOT quiet: other CPU up to ${(q.maxOther * 100).toFixed(0)}% during the ceilings (limit 10%)`);
  return lines.join("\n");
}
