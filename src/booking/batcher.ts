// Batching of one-step bookings for hot events. Requests for the same event that arrive
// within a short window (or while a batch for that event is on its way) go to PostgreSQL
// as one call of evently_private.book_tickets_batch, inside one transaction: the event row
// is locked once per group instead of once per request. It books the group at once when
// every request would succeed, and otherwise decides each on its own, in arrival order. This
// module only groups and fans the answers back; every decision (capacity, per-user limit,
// idempotency, waitlist) is made in SQL, by book_tickets' rules.
// A request alone in its window takes the ordinary path (book_tickets as its own user).
import type pg from "pg";
import { preparedName, preparedStatementStale, queryGroup, type Statement } from "../db/statement-group.ts";
import { connectionBroken } from "../db/pool.ts";

export interface BookingRequest {
  userId: string;
  eventId: string;
  quantity: unknown;
  idempotencyKey: string | null;
  /** The ordinary path for a request alone in its window (book_tickets as its own role and user). */
  single(): Promise<pg.QueryResultRow>;
}

export interface BatchOptions {
  /** How long the first request for an idle event waits for company, in ms (0: next turn of the event loop). */
  windowMs: number;
  /** At most this many requests per call (each is a subtransaction: stay below PostgreSQL's 64 cached subxids). */
  maxBatch: number;
  /** Batches of one event in flight at once per process; the next waits at the row lock while the previous commits. */
  maxInFlight: number;
  statementTimeout: string;
}

export const DEFAULT_BATCH: Omit<BatchOptions, "statementTimeout"> = { windowMs: 1, maxBatch: 32, maxInFlight: 2 };

/** An error that one request of a batch raised, shaped like pg's DatabaseError (code, message, detail). */
export class BatchedBookingError extends Error {
  readonly code: string;
  readonly detail?: string;
  readonly severity = "ERROR";
  constructor(code: string, message: string, detail: string | null) {
    super(message);
    this.code = code;
    if (detail) this.detail = detail;
  }
}

interface Pending {
  request: BookingRequest;
  resolve(row: pg.QueryResultRow): void;
  reject(error: unknown): void;
}

interface EventQueue {
  pending: Pending[];
  inFlight: number;
  /** A send is scheduled (the window of the first request). */
  scheduled: boolean;
}

export interface Booker {
  /** Books through the batch when others book the same event now; resolves with the booking's columns. */
  book(request: BookingRequest): Promise<pg.QueryResultRow>;
  /** Batches sent and requests in them, for /metrics and tests. */
  stats: { batches: number; batchedRequests: number; singles: number };
}

/** `columns` is the select list over the booking as `b` (REST's BOOKING, or just `b.id`). */
export function makeBatchingBooker(pool: pg.Pool, columns: string, options: BatchOptions): Booker {
  const queues = new Map<string, EventQueue>();
  const stats = { batches: 0, batchedRequests: 0, singles: 0 };
  const batchSql = `select r.ord, r.error_code, r.error_message, r.error_detail, ${columns}
      from evently_private.book_tickets_batch($1::jsonb) r
      left join lateral (select (r.booking).*) b on r.error_code is null
     order by r.ord`;

  async function runBatch(batch: Pending[]): Promise<void> {
    stats.batches++;
    stats.batchedRequests += batch.length;
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      // No connection (the server is down or restarting): every request of it gets the error.
      for (const p of batch) p.reject(error);
      return;
    }
    let broken: Error | undefined;
    try {
      const timeout: Statement = { name: "evently_batch_settings", text: "select set_config('statement_timeout', $1, true)", values: [options.statementTimeout] };
      const payload = batch.map(({ request: r }) => ({
        user_id: r.userId, event_id: r.eventId, quantity: r.quantity, idempotency_key: r.idempotencyKey,
      }));
      const [, result] = await queryGroup(client, [timeout, { name: preparedName(batchSql), text: batchSql, values: [JSON.stringify(payload)] }]);
      result.rows.forEach((row, i) => {
        const { ord: _ord, error_code, error_message, error_detail, ...booking } = row;
        if (error_code) batch[i].reject(new BatchedBookingError(error_code, error_message, error_detail));
        else batch[i].resolve(booking);
      });
    } catch (error) {
      // The call itself failed (connection lost, timeout): every request of it gets the error.
      if (connectionBroken(error) || preparedStatementStale(error)) broken = error as Error;
      for (const p of batch) p.reject(error);
    } finally {
      client.release(broken);
    }
  }

  function send(eventId: string, q: EventQueue): void {
    while (q.pending.length > 0 && q.inFlight < options.maxInFlight) {
      const batch = q.pending.splice(0, options.maxBatch);
      q.inFlight++;
      const done = batch.length === 1 ? runSingle(batch[0]) : runBatch(batch);
      // Neither rejects (each settles its requests); the catch keeps it so if that changes.
      void done.catch((error: unknown) => { for (const p of batch) p.reject(error); }).finally(() => {
        q.inFlight--;
        if (q.pending.length > 0) send(eventId, q);
        else if (q.inFlight === 0 && !q.scheduled && queues.get(eventId) === q) queues.delete(eventId);
      });
    }
  }

  async function runSingle(p: Pending): Promise<void> {
    stats.singles++;
    try {
      p.resolve(await p.request.single());
    } catch (error) {
      p.reject(error);
    }
  }

  return {
    stats,
    book(original) {
      const request = { ...original, eventId: canonicalUuid(original.eventId), userId: canonicalUuid(original.userId) };
      return new Promise((resolve, reject) => {
        let q = queues.get(request.eventId);
        if (!q) {
          q = { pending: [], inFlight: 0, scheduled: false };
          queues.set(request.eventId, q);
        }
        q.pending.push({ request, resolve, reject });
        const queue = q;
        if (queue.inFlight >= options.maxInFlight) return; // sent when a batch comes back
        if (queue.pending.length >= options.maxBatch) return send(request.eventId, queue);
        if (!queue.scheduled) {
          queue.scheduled = true;
          const fire = () => {
            queue.scheduled = false;
            send(request.eventId, queue);
            if (queue.pending.length === 0 && queue.inFlight === 0 && queues.get(request.eventId) === queue) queues.delete(request.eventId);
          };
          if (options.windowMs > 0) setTimeout(fire, options.windowMs);
          else setImmediate(fire);
        }
      });
    },
  };
}

/**
 * A uuid in PostgreSQL's common input forms (hyphens left out, braces, upper case) in its one
 * output form; anything else unchanged (SQL answers it). One event is then one queue, and the
 * batch's per-(user, event) locks name the ids book_tickets itself locks.
 */
export function canonicalUuid(id: string): string {
  if (typeof id !== "string") return id;
  const m = /^\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i.exec(id);
  return m ? m.slice(1).join("-").toLowerCase() : id;
}
