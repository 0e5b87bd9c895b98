// The outbox relay: delivers pending notifications in batches, oldest first. Bookings only
// insert an outbox row (evently_private.queue_notification); this one long-running job
// finds them. It polls while it runs (every IDLE_MS when the outbox is empty), then queues
// its successor under the same job key and ends, so it survives deploys and restarts; a
// crontab entry re-creates it if a crashed worker took it down. Several relays may run at
// once (rows are claimed with FOR UPDATE SKIP LOCKED): none sends a notification another
// holds. Failed sends are retried with backoff by record_deliveries, 'failed' after 10.
// Webhook events (evently.webhook_events) are relayed in the same loop: each pending one
// becomes a delivery per endpoint and a deliver_webhook job (tasks/deliver_webhook.ts). So
// are new holds' expire_hold jobs (evently_private.relay_hold_expiries): a hold records its
// expiry in a row, since graphile_worker.add_job's NOTIFY would serialize its commit.
import type { PoolClient } from "pg";
import type { JobHelpers, Task } from "graphile-worker";
import { render, type NotificationRow } from "../src/notifications/render.ts";
import type { Mailer } from "../src/notifications/mailer.ts";

export const RELAY_JOB_KEY = "relay_notifications";

export interface RelayOptions {
  /** Notifications claimed per transaction. */
  batch: number;
  /** Sends in flight at once within a batch. */
  parallel: number;
  /** Pause when nothing is due (delivery lag when idle is at most about this). */
  idleMs: number;
  /** How long one job keeps relaying before it hands over to its successor. */
  runForMs: number;
}

/** Holds whose expire_hold jobs one relay_hold_expiries call queues at most (one NOTIFY each call). */
export const HOLD_EXPIRY_BATCH = 1000;

export const DEFAULT_RELAY: RelayOptions = { batch: 100, parallel: 10, idleMs: 100, runForMs: 5_000 };

type Claimed = NotificationRow & { id: string; email: string; attempts: number };

/** One transaction: claim up to `batch` due notifications, send them, record every outcome. Returns how many were claimed. */
export async function relayBatch(client: PoolClient, mailer: Mailer, options: Pick<RelayOptions, "batch" | "parallel">, onlyId?: string): Promise<number> {
  await client.query("begin");
  try {
    const { rows } = await client.query<Claimed>("select * from evently_private.claim_notifications($1, $2)", [options.batch, onlyId ?? null]);
    const outcomes: Array<{ id: string; subject: string | null; text: string | null; error: string | null }> = [];
    let next = 0;
    const sender = async () => {
      while (next < rows.length) {
        const row = rows[next++];
        try {
          const { subject, text } = render(row);
          try {
            await mailer.send({ to: row.email, subject, text });
            outcomes.push({ id: row.id, subject, text, error: null });
          } catch (error) {
            outcomes.push({ id: row.id, subject, text, error: error instanceof Error ? error.message : String(error) });
          }
        } catch (error) {
          outcomes.push({ id: row.id, subject: null, text: null, error: `render: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.parallel, rows.length) }, sender));
    if (outcomes.length) {
      await client.query("select evently_private.record_deliveries($1, $2, $3, $4)", [
        outcomes.map((o) => o.id), outcomes.map((o) => o.subject), outcomes.map((o) => o.text), outcomes.map((o) => o.error),
      ]);
    }
    await client.query("commit");
    return rows.length;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

export function relayNotifications(mailer: Mailer, options: RelayOptions = DEFAULT_RELAY): Task {
  return async (_payload, helpers: JobHelpers) => {
    const until = Date.now() + options.runForMs;
    try {
      while (Date.now() < until && !helpers.abortSignal.aborted) {
        const claimed = await helpers.withPgClient((client) => relayBatch(client as PoolClient, mailer, options));
        // Webhook events from the same outbox: each becomes one deliver_webhook job per endpoint.
        const { rows: [webhooks] } = await helpers.query<{ relayed: number }>(
          "select evently_private.relay_webhook_events($1) as relayed", [options.batch]);
        // New holds' expire_hold jobs, a batch per add_jobs call (evently_private.queue_hold_expiry).
        const { rows: [holds] } = await helpers.query<{ relayed: number }>(
          "select evently_private.relay_hold_expiries($1) as relayed", [HOLD_EXPIRY_BATCH]);
        if (claimed < options.batch && webhooks.relayed < options.batch && holds.relayed < HOLD_EXPIRY_BATCH) {
          await pause(options.idleMs, helpers.abortSignal);
        }
      }
    } finally {
      // The successor, even when this run failed or the worker is stopping (another worker,
      // or this one after a restart, picks it up).
      await helpers.addJob("relay_notifications", {}, { jobKey: RELAY_JOB_KEY });
    }
  };
}
