// Queued by evently_private.schedule_webhook_delivery (the relay, or an admin's replay) with
// job_key 'deliver_webhook:<delivery id>'. One attempt per run: sent signed (Standard
// Webhooks), recorded; a failed attempt throws, so graphile-worker retries it with
// exponential backoff, and the last one marks the delivery failed.
import type { Task } from "graphile-worker";
import { assertUuidField } from "./payload.ts";
import { sendWebhook, type SendOptions } from "../src/webhooks/send.ts";

interface ToSend {
  id: string;
  status: string;
  active: boolean;
  url: string;
  secret: string;
  message_id: string;
  type: string;
  data: unknown;
  occurred_at: Date;
}

/** The body: the same bytes on every attempt and replay of one event (Standard Webhooks payload shape). */
export function webhookBody(row: Pick<ToSend, "type" | "data" | "occurred_at">): string {
  return JSON.stringify({ type: row.type, timestamp: row.occurred_at.toISOString(), data: row.data });
}

export function deliverWebhook(options: SendOptions): Task {
  return async (payload, helpers) => {
    assertUuidField("deliver_webhook", payload, "delivery_id");
    const id = payload.delivery_id;
    const { rows: [row] } = await helpers.query<ToSend>("select * from evently_private.webhook_delivery_to_send($1)", [id]);
    // Deleted with its endpoint, or already delivered or failed: nothing to do.
    if (!row || row.status !== "pending") return;
    const final = helpers.job.attempts >= helpers.job.max_attempts;
    const outcome = row.active
      ? await sendWebhook({ url: row.url, secret: row.secret, messageId: row.message_id, body: webhookBody(row) }, options)
      : { error: "endpoint inactive: not sent" };
    const ok = !outcome.error && outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300;
    const error = ok ? null : outcome.error ?? `HTTP ${outcome.status}`;
    await helpers.query("select evently_private.record_webhook_attempt($1, $2, $3, $4, $5)", [
      id, outcome.status ?? null, outcome.body ?? null, error, final || !row.active,
    ]);
    if (ok) {
      helpers.logger.info(`webhook ${row.type} delivered to ${row.url} (delivery ${id})`);
      return;
    }
    if (final || !row.active) {
      helpers.logger.warn(`webhook delivery ${id} failed for good: ${error}`);
      return;
    }
    throw new Error(`webhook delivery ${id} to ${row.url}: ${error}`);
  };
}
