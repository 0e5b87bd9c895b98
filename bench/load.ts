// The load generator. Closed model: `clients` loops, each sends its next request when
// the previous one answered. Open model (`rate`): request i is due at t0 + i/rate
// whether or not earlier ones have answered, and its latency is measured from that
// intended start, so a stalled server shows up as queueing delay instead of silently
// slowing the generator down (coordinated omission). `clients` then caps requests in
// flight: a due request waits for a free client, and that wait counts.
import { performance } from "node:perf_hooks";
import type { Outcome } from "./interfaces/types.ts";
import { newHistogram, type Histogram } from "./stats.ts";

export interface LoadOptions {
  clients: number;
  /** Open model: requests per second. */
  rate?: number;
  durationMs: number;
  /** Stop after this many requests (the scenario's demand). */
  maxRequests: number;
  send(i: number): Promise<Outcome>;
  /** Called about once a second while running. */
  onProgress?(p: LoadProgress): void;
}

export interface LoadProgress {
  elapsedMs: number;
  sent: number;
  successes: number;
  refusals: number;
  errors: number;
  inFlight: number;
}

export interface LoadResult extends LoadProgress {
  /** Every answered request, from (intended) start to answer, in µs. */
  latency: Histogram;
  lastSuccessMs: number;
  firstRefusalMs: number;
  lastRefusalMs: number;
  /** Open model only: requests never sent because the run hit its hard time limit. */
  notSent: number;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const latency = newHistogram();
  const t0 = performance.now();
  const s = {
    elapsedMs: 0, sent: 0, successes: 0, refusals: 0, errors: 0, inFlight: 0,
    lastSuccessMs: 0, firstRefusalMs: 0, lastRefusalMs: 0, notSent: 0,
  };
  const progress = setInterval(() => {
    s.elapsedMs = performance.now() - t0;
    opts.onProgress?.({ ...s });
  }, 1000);

  async function one(i: number, startedAt: number): Promise<void> {
    s.sent++;
    s.inFlight++;
    let outcome: Outcome;
    try {
      outcome = await opts.send(i);
    } catch {
      outcome = "error";
    }
    const end = performance.now();
    s.inFlight--;
    latency.recordValue(Math.max(1, Math.round((end - startedAt) * 1000)));
    const at = end - t0;
    if (outcome === "success") {
      s.successes++;
      s.lastSuccessMs = at;
    } else if (outcome === "refusal") {
      s.refusals++;
      if (!s.firstRefusalMs) s.firstRefusalMs = at;
      s.lastRefusalMs = at;
    } else {
      s.errors++;
    }
  }

  try {
    if (opts.rate) await openModel(opts, opts.rate, t0, one, s);
    else await closedModel(opts, t0, one);
  } finally {
    clearInterval(progress);
  }
  s.elapsedMs = performance.now() - t0;
  return { ...s, latency };
}

async function closedModel(opts: LoadOptions, t0: number, one: (i: number, startedAt: number) => Promise<void>) {
  let next = 0;
  const deadline = t0 + opts.durationMs;
  const client = async () => {
    while (next < opts.maxRequests && performance.now() < deadline) {
      await one(next++, performance.now());
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, client));
}

function openModel(
  opts: LoadOptions,
  rate: number,
  t0: number,
  one: (i: number, startedAt: number) => Promise<void>,
  s: { inFlight: number; notSent: number },
): Promise<void> {
  const total = Math.min(opts.maxRequests, Math.floor((rate * opts.durationMs) / 1000));
  // A server far behind could keep the backlog going forever: give up on what is not
  // sent by then and report it.
  const hardStop = t0 + 2 * opts.durationMs + 10_000;
  let issued = 0;
  return new Promise((resolve) => {
    const pump = () => {
      const now = performance.now();
      if (now > hardStop && issued < total) {
        s.notSent += total - issued;
        issued = total;
      }
      const due = Math.min(total, Math.floor(((now - t0) * rate) / 1000) + 1);
      while (issued < due && s.inFlight < opts.clients) {
        const i = issued++;
        void one(i, t0 + (i * 1000) / rate).then(pump);
      }
      if (issued >= total && s.inFlight === 0) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(pump, 1);
    pump();
  });
}
