// Task list: each key is the job identifier and the file name of its task.
import type { TaskList } from "graphile-worker";
import expire_hold from "./expire_hold.ts";
import sweep_expired_holds from "./sweep_expired_holds.ts";
import purge_idempotency_keys from "./purge_idempotency_keys.ts";
import purge_webhook_history from "./purge_webhook_history.ts";
import reconcile_counters from "./reconcile_counters.ts";
import admit_from_queue from "./admit_from_queue.ts";
import run_waiting_rooms from "./run_waiting_rooms.ts";
import { sendNotification } from "./send_notification.ts";
import { relayNotifications } from "./relay_notifications.ts";
import { deliverWebhook } from "./deliver_webhook.ts";
import type { Mailer } from "../src/notifications/mailer.ts";
import type { SendOptions } from "../src/webhooks/send.ts";

export function makeTaskList(deps: { mailer: Mailer; webhooks: SendOptions }): TaskList {
  return {
    expire_hold,
    sweep_expired_holds,
    purge_idempotency_keys,
    purge_webhook_history,
    reconcile_counters,
    admit_from_queue,
    run_waiting_rooms,
    send_notification: sendNotification(deps.mailer),
    relay_notifications: relayNotifications(deps.mailer),
    deliver_webhook: deliverWebhook(deps.webhooks),
  };
}
