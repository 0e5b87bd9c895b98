// Queued with each hold (evently_private.queue_hold_expiry) with job_key 'expire_hold:<hold id>', run at expires_at.
import type { Task } from "graphile-worker";
import { assertUuidField } from "./payload.ts";

export interface ExpireHoldPayload {
  hold_id: string;
}

export function assertExpireHoldPayload(payload: unknown): asserts payload is ExpireHoldPayload {
  assertUuidField("expire_hold", payload, "hold_id");
}

const expireHold: Task = async (payload, helpers) => {
  assertExpireHoldPayload(payload);
  const { rows } = await helpers.query<{ expired: boolean }>(
    "select evently_private.expire_hold($1) as expired",
    [payload.hold_id],
  );
  if (rows[0]?.expired) helpers.logger.info(`hold ${payload.hold_id} expired`);
};

export default expireHold;
