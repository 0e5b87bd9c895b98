// Reserved seating: venue layouts (admins), an event's live seat map (anyone). Seat holds
// are POST /holds with seat_ids or best_available (booking.ts).
import { type RouteSpec } from "../route.ts";
import { idParam, listOf, schemaRef } from "../schemas.ts";
import { namedArgs } from "../named-args.ts";
import { SEAT_INFO, VENUE_SEAT } from "../columns.ts";

export const seatRoutes: RouteSpec[] = [
  {
    method: "post", path: "/venues/{id}/seats", operationId: "addSeats", tag: "seats", auth: "admin",
    summary: "Add a rectangular section (rows A, B, … of seats 1..n; row A best, centre seats first) to a venue (admins)",
    params: idParam, body: schemaRef("SeatsAdd"),
    success: { status: 201, schema: listOf("VenueSeat"), description: "The new seats" },
    errors: ["EVAUT", "EVFBD", "EVNFD", "EVLAY"],
    handler: async ({ sql, params, body }) => {
      const args = namedArgs(body, ["section", "rows", "seats_per_row", "category"], 2);
      return sql(`select ${VENUE_SEAT} from evently.add_seats(venue_id => $1, ${args.sql}) s`, [params.id, ...args.values]);
    },
  },
  {
    method: "post", path: "/venues/{id}/seats/import", operationId: "importSeats", tag: "seats", auth: "admin",
    summary: "Add an irregular layout from a JSON array of seats, all or nothing (admins); EVLAY's field is seats[i].field",
    params: idParam, body: schemaRef("SeatsImport"),
    success: { status: 201, schema: listOf("VenueSeat"), description: "The new seats, in the order sent" },
    errors: ["EVAUT", "EVFBD", "EVNFD", "EVLAY"],
    handler: async ({ sql, params, body }) =>
      sql(`select ${VENUE_SEAT} from evently.import_seats(venue_id => $1, seats => $2::jsonb) s`,
        [params.id, JSON.stringify(body)]),
  },
  {
    method: "get", path: "/venues/{id}/seats", operationId: "listVenueSeats", replica: "anonymous", tag: "seats", auth: "anyone",
    summary: "A venue's seat layout by section, row and number (empty for an unknown venue or one without seats)",
    params: idParam,
    success: { status: 200, schema: listOf("VenueSeat"), description: "Every seat of the venue" },
    errors: [],
    handler: async ({ sql, params }) =>
      sql(`select ${VENUE_SEAT} from evently.venue_seats s where s.venue_id = $1
            order by s.section, s.row_rank, s.row_label, s.seat_number`, [params.id]),
  },
  {
    method: "get", path: "/events/{id}/seats", operationId: "eventSeatMap", replica: "always", tag: "seats", auth: "anyone",
    summary: "An event's seat map: every seat with price and status, never who holds it (empty for general admission)",
    params: idParam,
    success: { status: 200, schema: listOf("SeatInfo"), description: "Every seat of the event" },
    errors: [],
    handler: async ({ sql, params }) => sql(`select ${SEAT_INFO} from evently.event_seat_map(event_id => $1) s`, [params.id]),
  },
];
