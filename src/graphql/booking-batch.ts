// GraphQL bookTickets through the booking batcher (src/booking/batcher.ts), like REST's
// POST /bookings: concurrent calls for the same event are decided together by
// evently_private.book_tickets_batch, each with its own answer. The mutation's plan is
// wrapped: the call goes to the batcher (a side effect), and the payload's `result` is
// the booking read back by id as the caller (row-level security applies as usual), so
// every Booking field, and clientMutationId, work as before. With batching off this
// plugin is not loaded and PostGraphile's own plan runs.
import { wrapPlans } from "postgraphile/utils";
import { context, object, sideEffect } from "postgraphile/grafast";
import type { PgClient, WithPgClient } from "postgraphile/@dataplan/pg";
import type { Booker } from "../booking/batcher.ts";

interface BookInput {
  eventId: string;
  quantity: number;
  idempotencyKey?: string | null;
}

const BOOK_ONE = "select b.id from evently.book_tickets(event_id => $1, quantity => $2, idempotency_key => $3) b";

export function makeBookingBatchPlugin(booker: Booker): GraphileConfig.Plugin {
  return wrapPlans(
    (build) => {
      const bookings = build.input.pgRegistry.pgResources.bookings;
      return {
        Mutation: {
          bookTickets: (_plan, _$source, fieldArgs) => {
            const $input = fieldArgs.getRaw(["input"]);
            const $context = context();
            const $id = sideEffect(
              [$input, $context.get("eventlyUserId"), $context.get("withPgClient"), $context.get("pgSettings")],
              async ([input, userId, withPgClient, pgSettings]) => {
                const { eventId, quantity, idempotencyKey } = input as BookInput;
                const single = async () => {
                  const { rows } = await (withPgClient as WithPgClient)(pgSettings as Record<string, string>, (client: PgClient) =>
                    client.query<{ id: string }>({ text: BOOK_ONE, values: [eventId, quantity, idempotencyKey ?? null] }),
                  );
                  return rows[0];
                };
                // Anonymous callers take the ordinary path (book_tickets answers EVAUT).
                const row = userId
                  ? await booker.book({ userId: userId as string, eventId, quantity, idempotencyKey: idempotencyKey ?? null, single })
                  : await single();
                return row.id as string;
              },
            );
            return object({ result: bookings.get({ id: $id }) });
          },
        },
      };
    },
    { name: "EventlyBookingBatchPlugin" },
  );
}
