// Runtime checks for job payloads: jobs are queued from SQL, so TypeScript cannot
// vouch for their shape. A bad payload fails the job loudly instead of doing harm.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertUuidField<K extends string>(
  task: string,
  payload: unknown,
  field: K,
): asserts payload is Record<K, string> {
  if (typeof payload !== "object" || payload === null || !(field in payload)) {
    throw new Error(`${task}: payload must be an object with ${field}`);
  }
  const value: unknown = (payload as Record<string, unknown>)[field];
  if (typeof value !== "string" || !UUID.test(value)) {
    throw new Error(`${task}: payload.${field} must be a uuid`);
  }
}
