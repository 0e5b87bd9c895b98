// Crontab: webhook events and their finished deliveries are kept 30 days, then deleted
// (evently_private.purge_webhook_history; pending deliveries are never touched).
import type { Task } from "graphile-worker";

const purgeWebhookHistory: Task = async (_payload, helpers) => {
  const { rows } = await helpers.query<{ deleted: number }>("select evently_private.purge_webhook_history() as deleted");
  if (rows[0]?.deleted) helpers.logger.info(`purged ${rows[0].deleted} webhook events and their deliveries`);
};

export default purgeWebhookHistory;
