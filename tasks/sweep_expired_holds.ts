// Crontab safety net behind the per-hold expire_hold jobs.
import type { Task } from "graphile-worker";

const sweepExpiredHolds: Task = async (_payload, helpers) => {
  const { rows } = await helpers.query<{ freed: number }>("select evently_private.sweep_expired_holds() as freed");
  if (rows[0]?.freed) helpers.logger.info(`sweep released ${rows[0].freed} tickets from expired holds`);
};

export default sweepExpiredHolds;
