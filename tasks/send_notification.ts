// Queued by evently_private.queue_notification in the transaction of the change it reports.
// Retries with graphile-worker's exponential backoff; 'failed' after the last attempt.
import type { Task } from "graphile-worker";
import { assertUuidField } from "./payload.ts";
import { render, type NotificationRow } from "../src/notifications/render.ts";
import type { Mailer } from "../src/notifications/mailer.ts";

export interface SendNotificationPayload {
  notification_id: string;
}

export function assertSendNotificationPayload(payload: unknown): asserts payload is SendNotificationPayload {
  assertUuidField("send_notification", payload, "notification_id");
}

export function sendNotification(mailer: Mailer): Task {
  return async (payload, helpers) => {
    assertSendNotificationPayload(payload);
    const { rows } = await helpers.query<NotificationRow & { status: string; email: string }>(
      "select * from evently_private.notification_for_delivery($1)",
      [payload.notification_id],
    );
    const row = rows[0];
    // Gone with its user or event, or sent by an earlier attempt: nothing to do.
    if (!row || row.status === "sent") return;
    const { subject, text } = render(row);
    try {
      const { messageId } = await mailer.send({ to: row.email, subject, text });
      await helpers.query("select evently_private.record_delivery($1, $2, $3)", [payload.notification_id, subject, text]);
      helpers.logger.info(`notification ${payload.notification_id} (${row.kind}) sent via ${mailer.kind}: ${messageId}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final = helpers.job.attempts >= helpers.job.max_attempts;
      await helpers.query("select evently_private.record_delivery($1, $2, $3, $4, $5)", [
        payload.notification_id, subject, text, message, final,
      ]);
      throw error;
    }
  };
}
