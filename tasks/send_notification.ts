// Delivers one notification by id. Since the outbox relay (relay_notifications) finds
// pending rows itself, nothing queues this job any more; it stays for jobs queued before
// that change, and delivers exactly as the relay does (the row is claimed with SKIP
// LOCKED, so the two never send the same notification at once).
import type { PoolClient } from "pg";
import type { Task } from "graphile-worker";
import { assertUuidField } from "./payload.ts";
import { relayBatch } from "./relay_notifications.ts";
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
    await helpers.withPgClient((client) => relayBatch(client as PoolClient, mailer, { batch: 1, parallel: 1 }, payload.notification_id));
  };
}
