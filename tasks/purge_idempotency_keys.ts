// Crontab: idempotency keys are kept 24 hours, then deleted.
import type { Task } from "graphile-worker";

const purgeIdempotencyKeys: Task = async (_payload, helpers) => {
  const { rows } = await helpers.query<{ deleted: number }>(
    "select evently_private.purge_idempotency_keys() as deleted",
  );
  if (rows[0]?.deleted) helpers.logger.info(`purged ${rows[0].deleted} idempotency keys`);
};

export default purgeIdempotencyKeys;
