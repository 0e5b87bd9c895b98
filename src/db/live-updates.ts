// The live-update relay: bookings record which events changed (evently_private.changed_events,
// in their own transaction); this loop sends their NOTIFYs from one commit per round
// (evently_private.relay_event_changes), so no booking's commit takes PostgreSQL's global
// notification lock. Every API and worker process runs one; they share the rows.
import type pg from "pg";
import { log } from "../log.ts";

export interface LiveUpdateRelay {
  /** NOTIFYs sent so far by this process. */
  readonly sent: number;
  stop(): Promise<void>;
}

export function startLiveUpdateRelay(pool: pg.Pool, intervalMs: number): LiveUpdateRelay {
  let sent = 0;
  let running: Promise<void> | undefined;
  let failing = false;
  const round = async () => {
    try {
      // A full round (1,000 events) may mean more are waiting: go again at once (a few times:
      // rows a booking in flight holds are notified again each round).
      for (let n = 1000, rounds = 0; n === 1000 && rounds < 5; rounds++) {
        const { rows } = await pool.query<{ n: number }>("select evently_private.relay_event_changes(1000) as n");
        n = rows[0].n;
        sent += n;
      }
      if (failing) log.info("live-update relay running again");
      failing = false;
    } catch (error) {
      // The database is away (restart, failover): the next round retries; report once.
      if (!failing) log.warn({ err: error }, "live-update relay failed; retrying");
      failing = true;
    }
  };
  const timer = intervalMs > 0
    ? setInterval(() => {
        running ??= round().finally(() => (running = undefined));
      }, intervalMs)
    : undefined;
  timer?.unref();
  return {
    get sent() {
      return sent;
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
