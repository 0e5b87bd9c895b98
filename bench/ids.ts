// Deterministic uuids for bench users and events, so pgbench scripts can build the same
// ids with lpad() instead of looking them up (a lookup would be measured as well).
// Every run gets its own event prefix: runs never share an event.

const pad12 = (n: number) => String(n).padStart(12, "0");

/** User n (1-based). */
export function userId(n: number): string {
  return `00000000-0000-4000-8000-${pad12(n)}`;
}

/** Event n (1-based) of run `run`; the same id is used in evently.events and bench.events. */
export function eventId(run: number, n: number): string {
  return `${run.toString(16).padStart(8, "0")}-0000-4000-9000-${pad12(n)}`;
}

/** SQL expression for eventId() from pgbench integer variables (see ceiling/pgbench.ts). */
export function eventIdSql(runVar: string, eventVar: string): string {
  return `lpad(to_hex(:${runVar}), 8, '0') || '-0000-4000-9000-' || lpad(:${eventVar}::text, 12, '0')`;
}

export function userIdSql(userVar: string): string {
  return `'00000000-0000-4000-8000-' || lpad(:${userVar}::text, 12, '0')`;
}

/** The `like` pattern matching every event of a run. */
export function runEventPattern(run: number): string {
  return `${run.toString(16).padStart(8, "0")}-%`;
}
