// Two-step checkout (holds, general admission or seats) and one-step booking. Waitlist
// offers are holds too: confirmed here, declined in waitlist.ts.
import { one, type RouteSpec } from "../route.ts";
import { idParam, listOf, pageParams, schemaRef } from "../schemas.ts";
import { BOOKING, BOOKING_MADE, HOLD, TICKET } from "../columns.ts";

export const bookingRoutes: RouteSpec[] = [
  {
    method: "post", path: "/holds", operationId: "createHold", tag: "holds", auth: "user",
    summary: "Hold tickets (general admission or best seats), exactly these seats, or the best seats of a section or category",
    body: schemaRef("HoldCreate"), rateLimit: "booking", counts: "holds",
    success: { status: 201, schema: schemaRef("Hold"), description: "The hold with its seats (confirm it before expires_at)" },
    errors: ["EVAUT", "EVNFD", "EVECN", "EVPST", "EVQTY", "EVLIM", "EVSLD", "EVSEA", "EVSTK", "EVQAD", "EVTTR", "EVTSW"],
    // The body's shape (validated by HoldCreate's oneOf) names the one function to call;
    // the new hold is then read back with its seats.
    handler: async ({ sqlThenRead, body }) => {
      const call =
        body.ticket_type_id !== undefined
          ? { text: "select h.id from evently.hold_ticket_type(ticket_type_id => $1, quantity => $2) h", values: [body.ticket_type_id, body.quantity] }
          : body.seat_ids !== undefined
          ? { text: "select h.id from evently.hold_seats(event_id => $1, seat_ids => $2::uuid[]) h", values: [body.event_id, body.seat_ids] }
          : body.best_available === true
            ? {
                text: "select h.id from evently.hold_best_available(event_id => $1, quantity => $2, section => $3, category => $4) h",
                values: [body.event_id, body.quantity, body.section ?? null, body.category ?? null],
              }
            : { text: "select h.id from evently.hold_tickets(event_id => $1, quantity => $2) h", values: [body.event_id, body.quantity] };
      return one(await sqlThenRead(call, ([hold]) => ({ text: `select ${HOLD} from evently.holds h where h.id = $1`, values: [hold.id] })), "Hold");
    },
  },
  {
    method: "get", path: "/holds/{id}", operationId: "getHold", tag: "holds", auth: "user",
    summary: "One of your holds", params: idParam,
    success: { status: 200, schema: schemaRef("Hold"), description: "The hold" },
    errors: ["EVAUT", "EVNFD"],
    handler: async ({ sql, params }) => one(await sql(`select ${HOLD} from evently.holds h where h.id = $1`, [params.id]), "Hold"),
  },
  {
    method: "post", path: "/holds/{id}/confirm", operationId: "confirmHold", tag: "holds", auth: "user",
    summary: "Turn your hold into a booking", params: idParam, idempotencyKey: true,
    rateLimit: "booking", counts: "bookings",
    success: { status: 201, schema: schemaRef("Booking"), description: "The booking (the same one again for a retried Idempotency-Key)" },
    errors: ["EVAUT", "EVNFD", "EVHNA", "EVHEX", "EVIDM", "EVIDK"],
    handler: async ({ sql, params, idempotencyKey }) =>
      one(await sql(`select ${BOOKING_MADE} from evently.confirm_hold(hold_id => $1, idempotency_key => $2) b`,
        [params.id, idempotencyKey]), "Booking"),
  },
  {
    method: "delete", path: "/holds/{id}", operationId: "releaseHold", tag: "holds", auth: "user",
    summary: "Give the tickets of your hold back", params: idParam,
    success: { status: 204, description: "Released" },
    errors: ["EVAUT", "EVNFD", "EVHNA"],
    handler: async ({ sql, params }) => sql("select evently.release_hold(hold_id => $1)", [params.id]),
  },
  {
    method: "post", path: "/bookings", operationId: "bookTickets", tag: "bookings", auth: "user",
    summary: "Book tickets in one step", body: schemaRef("BookingCreate"), idempotencyKey: true,
    rateLimit: "booking", counts: "bookings",
    success: { status: 201, schema: schemaRef("Booking"), description: "The booking (the same one again for a retried Idempotency-Key)" },
    errors: ["EVAUT", "EVNFD", "EVECN", "EVPST", "EVQTY", "EVLIM", "EVSLD", "EVIDM", "EVIDK", "EVQAD", "EVTTR", "EVTSW"],
    // A named ticket type is booked directly; the event's own booking goes through the
    // batcher for hot events.
    handler: async ({ bookTickets, sql, body, idempotencyKey }) =>
      body.ticket_type_id !== undefined
        ? one(await sql(`select ${BOOKING_MADE} from evently.book_ticket_type(ticket_type_id => $1, quantity => $2, idempotency_key => $3) b`,
            [body.ticket_type_id, body.quantity, idempotencyKey]), "Booking")
        : bookTickets({ eventId: body.event_id as string, quantity: body.quantity, idempotencyKey }),
  },
  {
    method: "get", path: "/bookings", operationId: "listMyBookings", tag: "bookings", auth: "user",
    summary: "Your bookings, newest first", query: { ...pageParams, upcoming: { type: "boolean" } },
    success: { status: 200, schema: listOf("Booking"), description: "A page of your bookings" },
    errors: ["EVAUT"],
    handler: async ({ sql, query }) =>
      sql(`select ${BOOKING} from evently.my_bookings(upcoming => $1) b limit $2 offset $3`,
        [query.upcoming ?? null, query.limit, query.offset]),
  },
  {
    method: "get", path: "/bookings/{id}", operationId: "getBooking", tag: "bookings", auth: "user",
    summary: "One of your bookings (someone else's is 404)", params: idParam,
    success: { status: 200, schema: schemaRef("Booking"), description: "The booking" },
    errors: ["EVAUT", "EVNFD"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${BOOKING} from evently.bookings b where b.id = $1`, [params.id]), "Booking"),
  },
  {
    method: "post", path: "/bookings/{id}/cancel", operationId: "cancelBooking", tag: "bookings", auth: "user",
    summary: "Cancel your booking before the event starts", params: idParam,
    success: { status: 200, schema: schemaRef("Booking"), description: "The cancelled booking" },
    errors: ["EVAUT", "EVNFD", "EVBCN", "EVPST"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${BOOKING} from evently.cancel_booking(booking_id => $1) b`, [params.id]), "Booking"),
  },
  {
    method: "get", path: "/tickets", operationId: "listMyTickets", tag: "tickets", auth: "user",
    summary: "Your tickets, newest first", query: { ...pageParams },
    success: { status: 200, schema: listOf("Ticket"), description: "A page of your tickets" },
    errors: ["EVAUT"],
    handler: async ({ sql, query }) =>
      sql(`select ${TICKET} from evently.my_tickets() t limit $1 offset $2`, [query.limit, query.offset]),
  },
  {
    method: "get", path: "/tickets/{id}", operationId: "getTicket", tag: "tickets", auth: "user",
    summary: "One of your tickets", params: idParam,
    success: { status: 200, schema: schemaRef("Ticket"), description: "The ticket" },
    errors: ["EVAUT", "EVNFD"],
    handler: async ({ sql, params }) => one(await sql(`select ${TICKET} from evently.tickets t where t.id = $1`, [params.id]), "Ticket"),
  },
];
