// Queued by evently.open_waiting_room / join_queue with job_key 'admit_from_queue:<event id>':
// admits the next people in an event's waiting room at its rate, then queues its own next run
// while people are waiting (all decided in evently_private.run_waiting_room).
import type { Task } from "graphile-worker";
import { assertUuidField } from "./payload.ts";

export interface AdmitFromQueuePayload {
  event_id: string;
}

export function assertAdmitFromQueuePayload(payload: unknown): asserts payload is AdmitFromQueuePayload {
  assertUuidField("admit_from_queue", payload, "event_id");
}

const admitFromQueue: Task = async (payload, helpers) => {
  assertAdmitFromQueuePayload(payload);
  await helpers.query("select evently_private.run_waiting_room($1)", [payload.event_id]);
};

export default admitFromQueue;
