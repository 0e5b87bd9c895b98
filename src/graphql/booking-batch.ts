// GraphQL bookTickets through the booking batcher (src/booking/batcher.ts), like REST's
// POST /bookings: concurrent calls for the same event are decided together by
// evently_private.book_tickets_batch, each with its own answer. The mutation's plan is
// wrapped: the call goes to the batcher (a side effect), and the payload's `result` is
// the booking read back by id as the caller (row-level security applies as usual), so
// every Booking field, and clientMutationId, work as before. An anonymous caller's call
// goes straight to evently.book_tickets (which answers EVAUT). With batching off the schema
// is built without this plugin (the variant, src/graphql/schema.ts): PostGraphile's own
// mutation books and selects the payload in one statement. The payloads of one batch are
// read back together (coalescedReads, src/graphql/pg-adaptor.ts): a booking alone in its
// window goes through eventlyWithPgClient, the primary's, as withPgClient may only read.
// Plans are EXPORTABLE: the schema is exported ahead of time
// (src/graphql/schema.ts), so the batcher comes from the context, not from a closure.
import { EXPORTABLE } from "postgraphile/graphile-build";
import { wrapPlans } from "postgraphile/utils";
import { context, object, sideEffect } from "postgraphile/grafast";
import type { PgClient, PgResource, WithPgClient } from "postgraphile/@dataplan/pg";
import type { Booker } from "../booking/batcher.ts";

interface BookInput {
  eventId: string;
  quantity: number;
  idempotencyKey?: string | null;
}

type BookArgs = readonly [unknown, unknown, unknown, unknown, unknown];

const bookThroughBatcher = EXPORTABLE(
  () =>
    async function bookThroughBatcher([input, userId, booker, withPgClient, pgSettings]: BookArgs): Promise<string> {
      const { eventId, quantity, idempotencyKey } = input as BookInput;
      const single = async () => {
        const { rows } = await (withPgClient as WithPgClient)(pgSettings as Record<string, string>, (client: PgClient) =>
          client.query<{ id: string }>({
            // Prepared once per connection, as @dataplan/pg names its own selects.
            name: "evently_graphql_book_one",
            text: "select b.id from evently.book_tickets(event_id => $1, quantity => $2, idempotency_key => $3) b",
            values: [eventId, quantity, idempotencyKey ?? null],
          }),
        );
        return rows[0];
      };
      // Anonymous callers take the ordinary path (book_tickets answers EVAUT).
      const row =
        userId && booker
          ? await (booker as Booker).book({ userId: userId as string, eventId, quantity, idempotencyKey: idempotencyKey ?? null, single })
          : await single();
      return row.id as string;
    },
  [],
);

export const BookingBatchPlugin: GraphileConfig.Plugin = wrapPlans(
  (build) => {
    const bookings = build.input.pgRegistry.pgResources.bookings as PgResource;
    return {
      Mutation: {
        bookTickets: EXPORTABLE(
          (bookThroughBatcher, bookings, context, object, sideEffect) =>
            function bookTicketsPlan(_plan: unknown, _$source: unknown, fieldArgs: { getRaw(path: string[]): never }) {
              const $input = fieldArgs.getRaw(["input"]);
              const $context = context();
              const $id = sideEffect(
                [$input, $context.get("eventlyUserId"), $context.get("eventlyBooker"), $context.get("eventlyWithPgClient"), $context.get("pgSettings")],
                bookThroughBatcher as never,
              );
              return object({ result: bookings.get({ id: $id }) });
            },
          [bookThroughBatcher, bookings, context, object, sideEffect],
        ) as never,
      },
    };
  },
  { name: "EventlyBookingBatchPlugin" },
);
