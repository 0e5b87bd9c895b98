// Events: anyone browses upcoming events with live availability; admins create, change
// and cancel. Seat maps (seats.ts) and waitlists (waitlist.ts) hang below /events/{id}.
import { one, type RouteSpec } from "../route.ts";
import { idParam, listOf, pageParams, schemaRef, timestampSchema, uuidSchema } from "../schemas.ts";
import { namedArgs } from "../named-args.ts";
import { EVENT } from "../columns.ts";

export const eventRoutes: RouteSpec[] = [
  {
    method: "get", path: "/events", operationId: "listEvents", replica: "anonymous", tag: "events", auth: "anyone",
    summary: "Upcoming published events, soonest first, with tickets available now",
    query: {
      ...pageParams,
      starts_after: timestampSchema,
      starts_before: timestampSchema,
      city: { type: "string", maxLength: 200 },
      venue_id: uuidSchema,
    },
    success: { status: 200, schema: listOf("Event"), description: "A page of events" },
    errors: [],
    handler: async ({ sql, query }) =>
      sql(`select ${EVENT} from evently.upcoming_events(starts_after => $1, starts_before => $2, city => $3, venue_id => $4) e
            limit $5 offset $6`,
        [query.starts_after ?? null, query.starts_before ?? null, query.city ?? null, query.venue_id ?? null,
          query.limit, query.offset]),
  },
  {
    method: "get", path: "/events/{id}", operationId: "getEvent", replica: "anonymous", tag: "events", auth: "anyone",
    summary: "One event (cancelled and past ones too)", params: idParam,
    success: { status: 200, schema: schemaRef("Event"), description: "The event" },
    errors: ["EVNFD"],
    handler: async ({ sql, params }) => one(await sql(`select ${EVENT} from evently.events e where e.id = $1`, [params.id]), "Event"),
  },
  {
    method: "post", path: "/events", operationId: "createEvent", tag: "events", auth: "admin",
    summary: "Create an event (admins): general admission needs capacity; reserved seating copies the venue's seats", body: schemaRef("EventCreate"),
    success: { status: 201, schema: schemaRef("Event"), description: "The new event" },
    errors: ["EVAUT", "EVFBD", "EVNFD", "EVLAY", "EVSEA"],
    handler: async ({ sql, body }) => {
      // The fields sent (EventCreate admits only create_event's arguments) become named arguments.
      const args = namedArgs(body, Object.keys(body));
      return one(await sql(`select ${EVENT} from evently.create_event(${args.sql}) e`, args.values), "Event");
    },
  },
  {
    method: "patch", path: "/events/{id}", operationId: "updateEvent", tag: "events", auth: "admin",
    summary: "Change an event (admins); omitted fields keep their value", params: idParam, body: schemaRef("EventUpdate"),
    success: { status: 200, schema: schemaRef("Event"), description: "The changed event" },
    errors: ["EVAUT", "EVFBD", "EVNFD", "EVECN", "EVCAP", "EVSEA"],
    handler: async ({ sql, params, body }) => {
      const args = namedArgs(body, Object.keys(body), 2);
      return one(await sql(`select ${EVENT} from evently.update_event(event_id => $1, ${args.sql}) e`,
        [params.id, ...args.values]), "Event");
    },
  },
  {
    method: "get", path: "/events/{id}/bookings", operationId: "listEventBookings", tag: "events", auth: "admin",
    summary: "An event's bookings, newest first, with buyer and ticket codes; q matches part of the email or a ticket code (admins)",
    params: idParam,
    query: { ...pageParams, q: { type: "string", maxLength: 200 }, status: { enum: ["confirmed", "cancelled"] } },
    success: { status: 200, schema: listOf("EventBooking"), description: "A page of bookings; matching counts them all" },
    errors: ["EVAUT", "EVFBD", "EVNFD"],
    handler: async ({ sql, params, query }) =>
      sql(`select b.id, b.user_id, b.email, b.name, b.quantity, b.total_cents, b.status, b.created_at, b.cancelled_at,
                  b.codes, b.matching
             from evently.event_bookings(event_id => $1, search => $2, booking_status => $3, max_rows => $4, skip_rows => $5) b`,
        [params.id, query.q ?? null, query.status ?? null, query.limit, query.offset]),
  },
  {
    method: "post", path: "/events/{id}/cancel", operationId: "cancelEvent", tag: "events", auth: "admin",
    summary: "Cancel an event with every hold and booking (admins)", params: idParam, body: schemaRef("EventCancel"),
    success: { status: 200, schema: schemaRef("Event"), description: "The cancelled event" },
    errors: ["EVAUT", "EVFBD", "EVNFD", "EVECN"],
    handler: async ({ sql, params, body }) =>
      one(await sql(`select ${EVENT} from evently.cancel_event(event_id => $1, reason => $2) e`,
        [params.id, body.reason ?? null]), "Event"),
  },
];
