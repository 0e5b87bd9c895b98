// GraphQL operations in progress per API process, at most `limit`; the others wait their turn
// in arrival order, before grafserv reads their body. With 200 clients, 200 operations were in
// progress at once, almost all of them waiting for their booking batch. Each holds about
// 120 kB of grafast's and @dataplan/pg's state, which outlived two young-generation
// collections and was promoted, so full collections ran several times a second. A request
// waiting here holds only its socket's request and response objects. At 200 batched
// GraphQL clients, 64 at a time took the app's CPU per booking from 0.64–0.98 ms to
// 0.52–0.79 ms and its peak RSS from 150–155 MB to 143–148 MB (four alternating pairs,
// bench/results/2026-12-04-stop-34.md). Only the direct path takes turns (src/graphql/direct.ts).

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
  const queue: Array<{ res: ServerResponse; start: () => void; gone: boolean }> = [];

  function begin(res: ServerResponse, start: () => void): void {
    inProgress++;
    res.once("close", end);
    start();
  }

  function end(): void {
    inProgress--;
    // A client that went away while waiting gets no turn: its response is already closed.
    while (queue.length > 0 && (limit <= 0 || inProgress < limit)) {
      const next = queue.shift()!;
      if (!next.gone) begin(next.res, next.start);
    }
  }

  return {
    take(res, start) {
      if (limit <= 0 || inProgress < limit) begin(res, start);
      else {
        const entry = { res, start, gone: false };
        res.once("close", () => { entry.gone = true; });
        queue.push(entry);
      }
    },
    waiting: () => queue.length,
  };
}
