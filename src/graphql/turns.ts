// GraphQL operations in progress per API process, at most `limit`; the others wait their turn
// in arrival order, before grafserv reads their body. Operations waiting for their booking
// batch each held about 120 kB of execution state, long enough for V8 to promote it; a
// request waiting here holds only its request and response objects (figures:
// docs/operations.md, "Memory of an API process"). Only the direct path takes turns
// (src/graphql/direct.ts).

import type { ServerResponse } from "node:http";

/** GRAPHQL_CONCURRENCY's default: two booking batches of 32 (src/booking/batcher.ts). */
export const DEFAULT_GRAPHQL_CONCURRENCY = 64;

export interface Turns {
  /** Runs `start` now if fewer than `limit` operations are in progress, else when one ends; its turn ends when `res` closes. */
  take(res: ServerResponse, start: () => void): void;
  /** Requests waiting for a turn (evently_graphql_waiting). */
  waiting(): number;
}

/** `limit` 0 or less: every request starts at once (still counted, never waiting). */
export function makeTurns(limit: number): Turns {
  let inProgress = 0;
  const queue: Array<{ res: ServerResponse; start: () => void }> = [];
  const free = () => limit <= 0 || inProgress < limit;

  function begin(res: ServerResponse, start: () => void): void {
    inProgress++;
    res.once("close", end);
    start();
  }

  function end(): void {
    inProgress--;
    while (queue.length > 0 && free()) {
      const next = queue.shift()!;
      begin(next.res, next.start);
    }
  }

  return {
    take(res, start) {
      if (free()) begin(res, start);
      else {
        // A client that goes away while waiting leaves the line: no turn, and not counted.
        const entry = { res, start };
        const leave = () => {
          const at = queue.indexOf(entry);
          if (at >= 0) queue.splice(at, 1);
        };
        res.once("close", leave);
        queue.push(entry);
      }
    },
    waiting: () => queue.length,
  };
}
