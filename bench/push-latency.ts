// Live-update push latency under load (issue 15's bench additions): while a run's load is
// on, a probe books one ticket every PROBE_INTERVAL_MS on an event of its own, straight in
// SQL, and times commit → the eventChanged message for it on a subscription to the first
// app instance (graphql-ws, as the web app subscribes). That is the whole live-update path:
// the events trigger, the relay's NOTIFY (every LIVE_UPDATES_RELAY_MS), the instance's
// LISTEN, the payload read as the subscriber, the websocket write, all under the run's
// load. The probe's event is its own, so a message with `booked` ≥ n answers the n-th
// probe booking whatever else the relay sends.
import { createClient } from "graphql-ws";
import type pg from "pg";
import { createEvents } from "./fixtures.ts";
import { userId } from "./ids.ts";
import { newHistogram, summarize } from "./stats.ts";

export const PROBE_INTERVAL_MS = 200;
/** A booking whose message has not come within this long counts as missed. */
export const PROBE_TIMEOUT_MS = 5_000;

export interface PushLatency {
  /** Commit → message, ms, one per probe booking that was answered. */
  samples: number[];
  /** Probe bookings whose message did not come within PROBE_TIMEOUT_MS. */
  missed: number;
  /** Why nothing was measured (the subscription never answered), when so. */
  failure?: string;
}

export interface PushSummary {
  n: number;
  missed: number;
  p50: number;
  p99: number;
  max: number;
}

/** Percentiles of the samples, from the bench's latency histogram (stats.ts); undefined without samples. */
export function summarizePush(push: PushLatency): PushSummary | undefined {
  if (push.samples.length === 0) return undefined;
  const h = newHistogram();
  for (const ms of push.samples) h.recordValue(Math.max(1, Math.round(ms * 1000)));
  const { count, p50, p99, max } = summarize(h);
  return { n: count, missed: push.missed, p50, p99, max };
}

/**
 * Starts the probe: its event (bench run `run`, so no run's invariants count it), the
 * subscription, then one booking per interval as bench user `user`. stop() ends it and
 * returns what it measured; a probe that could not subscribe reports why, and never fails the run.
 */
export async function startPushProbe(opts: { pool: pg.Pool; baseUrl: string; run: number; user: number }): Promise<{ stop(): Promise<PushLatency> }> {
  const [event] = (await createEvents(opts.pool, opts.run, 1, 1_000_000_000, "evently")).ids;
  const result: PushLatency = { samples: [], missed: 0 };
  let booked = 0; // the event's booked count the last message showed
  let wake: (() => void) | undefined;
  const client = createClient({ url: `${opts.baseUrl.replace(/^http/, "ws")}/graphql`, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0 });
  const unsubscribe = client.subscribe<{ eventChanged: { event: { booked: number } | null } }>(
    { query: "subscription ($id: UUID!) { eventChanged(eventId: $id) { event { booked } } }", variables: { id: event } },
    {
      next: (m) => {
        booked = Math.max(booked, m.data?.eventChanged?.event?.booked ?? 0);
        wake?.();
      },
      error: () => wake?.(),
      complete: () => {},
    },
  );
  const until = async (ok: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!ok() && Date.now() < end) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(50, Math.max(0, end - Date.now())));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    return ok();
  };
  const bookOne = async () => {
    const c = await opts.pool.connect();
    try {
      await c.query("begin");
      await c.query("select set_config('role', 'evently_user', true), set_config('jwt.claims.user_id', $1, true)", [userId(opts.user)]);
      await c.query("select evently.book_tickets($1, 1)", [event]);
      await c.query("commit");
    } finally {
      c.release();
    }
  };

  // Listening once a booking's message arrives (the subscription's LISTEN is in place).
  let running = true;
  let probes = 0;
  const loop = (async () => {
    // A booking committed before the subscription's LISTEN is in place sends nothing it hears.
    let listening = false;
    for (let i = 0; i < 20 && !listening && running; i++) {
      await bookOne();
      probes++;
      listening = await until(() => booked >= probes, 500);
    }
    if (!listening) {
      result.failure = "the eventChanged subscription sent nothing";
      return;
    }
    while (running) {
      const next = Date.now() + PROBE_INTERVAL_MS;
      await bookOne();
      const committed = performance.now();
      probes++;
      if (await until(() => booked >= probes, PROBE_TIMEOUT_MS)) result.samples.push(performance.now() - committed);
      else result.missed++;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  })().catch((error: Error) => {
    result.failure = error.message;
  });
  return {
    async stop() {
      running = false;
      await loop;
      unsubscribe();
      await client.dispose();
      return result;
    },
  };
}
