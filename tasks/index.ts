// Task list: each key is the job identifier and the file name of its task.
import type { TaskList } from "graphile-worker";
import expire_hold from "./expire_hold.ts";
import sweep_expired_holds from "./sweep_expired_holds.ts";
import purge_idempotency_keys from "./purge_idempotency_keys.ts";

export const taskList: TaskList = { expire_hold, sweep_expired_holds, purge_idempotency_keys };
