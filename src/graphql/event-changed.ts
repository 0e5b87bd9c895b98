// Subscription eventChanged(eventId): pushed whenever an event's availability or details
// change. The events trigger (evently_private.notify_event_changed) records the changed
// event in its transaction, and a relay in every API and worker process (src/db/live-updates.ts)
// sends NOTIFY on `evently_event:<uuid>` for the recorded events every LIVE_UPDATES_RELAY_MS;
// PostGraphile's pgSubscriber LISTENs on the channels clients subscribed to and each
// notification re-reads the event as the subscriber (RLS applies). docs/web.md#live-updates.
// Plans are EXPORTABLE (src/graphql/schema.ts exports the schema ahead of time).
import { EXPORTABLE } from "postgraphile/graphile-build";
import { extendSchema, gql } from "postgraphile/utils";
import { context, lambda, listen, type ExecutableStep } from "postgraphile/grafast";
import type { PgResource } from "postgraphile/@dataplan/pg";

/** The LISTEN/NOTIFY channel of one event (what the SQL trigger notifies); throws unless eventId is a UUID. */
export const eventChannel = EXPORTABLE(
  () =>
    function eventChannel(eventId: string): string {
      if (typeof eventId !== "string" || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId)) {
        throw new Error("eventId must be a UUID");
      }
      return `evently_event:${eventId.toLowerCase()}`;
    },
  [],
);

export const EventChangedPlugin = extendSchema((build) => {
  const events = build.input.pgRegistry.pgResources.events as PgResource | undefined;
  if (!events) throw new Error("EventChangedPlugin: no pgResource for evently.events");
  return {
    typeDefs: gql`
      """Pushed when the event changes: tickets or seats held, booked, released, expired or cancelled, or its details edited."""
      type EventChangedPayload {
        """The event's id."""
        eventId: UUID!
        """The event as it is now (null if you may no longer see it)."""
        event: Event
      }
      extend type Subscription {
        """A message after the event changed: at most one per relay round (LIVE_UPDATES_RELAY_MS, 100 ms by default), however many transactions changed it, none for a rolled-back change (PostgreSQL LISTEN/NOTIFY). Re-read seats with eventSeatMap when you draw a seat map."""
        eventChanged(eventId: UUID!): EventChangedPayload
      }
    `,
    objects: {
      Subscription: {
        plans: {
          eventChanged: {
            subscribePlan: EXPORTABLE(
              (context, eventChannel, lambda, listen) =>
                function subscribePlan(_$root: unknown, fieldArgs: { getRaw(name: string): ExecutableStep }) {
                  const $eventId = fieldArgs.getRaw("eventId");
                  const $topic = lambda($eventId, eventChannel);
                  const $pgSubscriber = context().get("pgSubscriber");
                  return listen($pgSubscriber as never, $topic, () => $eventId);
                },
              [context, eventChannel, lambda, listen],
            ) as never,
            plan: EXPORTABLE(() => ($eventId: ExecutableStep) => $eventId, []) as never,
          },
        },
      },
      EventChangedPayload: {
        plans: {
          eventId: EXPORTABLE(() => ($eventId: ExecutableStep) => $eventId, []) as never,
          event: EXPORTABLE((events) => ($eventId: ExecutableStep) => events.get({ id: $eventId as never }), [events]) as never,
        },
      },
    },
  };
}, "EventlyEventChangedPlugin");
