// Task list: each key is the job identifier and the file name of its task.
import type { TaskList } from "graphile-worker";
import expire_hold from "./expire_hold.ts";
import sweep_expired_holds from "./sweep_expired_holds.ts";
import purge_idempotency_keys from "./purge_idempotency_keys.ts";
import reconcile_counters from "./reconcile_counters.ts";
import { sendNotification } from "./send_notification.ts";
import { relayNotifications } from "./relay_notifications.ts";
import type { Mailer } from "../src/notifications/mailer.ts";

export function makeTaskList(deps: { mailer: Mailer }): TaskList {
  return {
    expire_hold,
    sweep_expired_holds,
    purge_idempotency_keys,
    reconcile_counters,
    send_notification: sendNotification(deps.mailer),
    relay_notifications: relayNotifications(deps.mailer),
  };
}
