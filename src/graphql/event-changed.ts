// Subscription eventChanged(eventId): pushed whenever an event's availability or details
// change. PostgreSQL sends one NOTIFY per changed event per transaction on the channel
// `evently_event:<uuid>` (the trigger function evently_private.notify_event_changed;
// identical notifications in one transaction are folded into one by PostgreSQL itself);
// PostGraphile's pgSubscriber LISTENs on the channels clients subscribed to and each
// notification re-reads the event as the subscriber (RLS applies). docs/web.md#live-updates.
import { extendSchema, gql } from "postgraphile/utils";
import { context, lambda, listen } from "postgraphile/grafast";
import type { PgResource } from "postgraphile/@dataplan/pg";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The LISTEN/NOTIFY channel of one event (what the SQL trigger notifies). */
export const eventChannel = (eventId: string) => `evently_event:${eventId.toLowerCase()}`;

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
        """One message per transaction that changed the event (PostgreSQL LISTEN/NOTIFY). Re-read seats with eventSeatMap when you draw a seat map."""
        eventChanged(eventId: UUID!): EventChangedPayload
      }
    `,
    objects: {
      Subscription: {
        plans: {
          eventChanged: {
            subscribePlan(_$root, fieldArgs) {
              const $eventId = fieldArgs.getRaw("eventId");
              const $topic = lambda($eventId, (id: string) => {
                if (typeof id !== "string" || !UUID.test(id)) throw new Error("eventId must be a UUID");
                return eventChannel(id);
              });
              const $pgSubscriber = context().get("pgSubscriber");
              return listen($pgSubscriber as never, $topic, () => $eventId);
            },
            plan($eventId) {
              return $eventId;
            },
          },
        },
      },
      EventChangedPayload: {
        plans: {
          eventId($eventId) {
            return $eventId;
          },
          event($eventId) {
            return events.get({ id: $eventId as never });
          },
        },
      },
    },
  };
}, "EventlyEventChangedPlugin");
