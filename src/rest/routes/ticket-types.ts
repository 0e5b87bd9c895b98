// Ticket types of general-admission events: anyone lists them with what is left; admins
// add and change them. Holding and booking a type are POST /holds and POST /bookings with
// {ticket_type_id, quantity}; sales by type are GET /admin/analytics/ticket-types.
import { one, type RouteSpec } from "../route.ts";
import { idParam, listOf, schemaRef, uuidSchema } from "../schemas.ts";
import { TICKET_TYPE } from "../columns.ts";
import { namedArgs } from "../named-args.ts";

const FIELDS = ["name", "capacity", "price_cents", "sales_start", "sales_end", "max_tickets_per_user", "description", "sort_order"];

export const ticketTypeRoutes: RouteSpec[] = [
  {
    method: "get", path: "/events/{id}/ticket-types", operationId: "listTicketTypes", replica: "anonymous", tag: "ticket types", auth: "anyone",
    summary: "The event's ticket types in its order, each with what can be held or booked now", params: idParam,
    success: { status: 200, schema: listOf("TicketType"), description: "The types (empty: the event sells one kind of ticket)" },
    errors: [],
    handler: async ({ sql, params }) =>
      sql(`select ${TICKET_TYPE} from evently.ticket_types t where t.event_id = $1 order by t.sort_order, t.name`, [params.id]),
  },
  {
    method: "post", path: "/events/{id}/ticket-types", operationId: "createTicketType", tag: "ticket types", auth: "admin",
    summary: "Add a ticket type to a general-admission event (admins)", params: idParam, body: schemaRef("TicketTypeCreate"),
    success: { status: 201, schema: schemaRef("TicketType"), description: "The new type" },
    errors: ["EVAUT", "EVFBD", "EVNFD", "EVECN", "EVSEA", "EVTWL"],
    // Read back in a second statement: available counts the event's types, which the call's
    // own statement (its snapshot) would see without the change.
    handler: async ({ sqlThenRead, params, body }) => {
      const args = namedArgs(body, FIELDS, 2);
      return one(await sqlThenRead(
        { text: `select t.id from evently.create_ticket_type(event_id => $1, ${args.sql}) t`, values: [params.id, ...args.values] },
        ([row]) => ({ text: `select ${TICKET_TYPE} from evently.ticket_types t where t.id = $1`, values: [row.id] }),
      ), "Ticket type");
    },
  },
  {
    method: "patch", path: "/ticket-types/{id}", operationId: "updateTicketType", tag: "ticket types", auth: "admin",
    summary: "Change a ticket type (admins): only the fields sent; capacity never below what is held and booked",
    params: idParam, body: schemaRef("TicketTypeUpdate"),
    success: { status: 200, schema: schemaRef("TicketType"), description: "The type" },
    errors: ["EVAUT", "EVFBD", "EVNFD", "EVCAP"],
    handler: async ({ sqlThenRead, params, body }) => {
      const args = namedArgs(body, FIELDS, 2);
      return one(await sqlThenRead(
        { text: `select t.id from evently.update_ticket_type(ticket_type_id => $1${args.sql ? ", " + args.sql : ""}) t`, values: [params.id, ...args.values] },
        ([row]) => ({ text: `select ${TICKET_TYPE} from evently.ticket_types t where t.id = $1`, values: [row.id] }),
      ), "Ticket type");
    },
  },
  {
    method: "get", path: "/admin/analytics/ticket-types", operationId: "analyticsTicketTypes", replica: "always", tag: "analytics", auth: "admin",
    summary: "One event's sales by ticket type: held, booked, available, bookings, cancellations, revenue, sell-through",
    query: { event_id: uuidSchema }, requiredQuery: ["event_id"],
    success: { status: 200, schema: listOf("AnalyticsTicketType"), description: "One row per type, in the event's order" },
    errors: ["EVAUT", "EVFBD", "EVNFD"],
    handler: async ({ sql, query }) =>
      sql(`select ticket_type_id, name, price_cents, capacity, held, booked, available, bookings, cancelled_bookings,
                  revenue_cents::double precision as revenue_cents, sell_through
             from evently.analytics_ticket_types(event_id => $1)`, [query.event_id]),
  },
];
