// Venues: anyone browses, admins create. Seat layouts (seats.ts) hang below /venues/{id}.
import { one, type RouteSpec } from "../route.ts";
import { idParam, listOf, pageParams, schemaRef } from "../schemas.ts";
import { namedArgs } from "../named-args.ts";
import { VENUE } from "../columns.ts";

export const venueRoutes: RouteSpec[] = [
  {
    method: "get", path: "/venues", operationId: "listVenues", replica: "anonymous", tag: "venues", auth: "anyone",
    summary: "Venues by name", query: { ...pageParams, city: { type: "string", maxLength: 200 } },
    success: { status: 200, schema: listOf("Venue"), description: "A page of venues" },
    errors: [],
    handler: async ({ sql, query }) =>
      sql(`select ${VENUE} from evently.find_venues(city => $1) v limit $2 offset $3`, [query.city ?? null, query.limit, query.offset]),
  },
  {
    method: "get", path: "/venues/{id}", operationId: "getVenue", replica: "anonymous", tag: "venues", auth: "anyone",
    summary: "One venue", params: idParam,
    success: { status: 200, schema: schemaRef("Venue"), description: "The venue" },
    errors: ["EVNFD"],
    handler: async ({ sql, params }) => one(await sql(`select ${VENUE} from evently.venues v where v.id = $1`, [params.id]), "Venue"),
  },
  {
    method: "post", path: "/venues", operationId: "createVenue", tag: "venues", auth: "admin",
    summary: "Create a venue (admins)", body: schemaRef("VenueCreate"),
    success: { status: 201, schema: schemaRef("Venue"), description: "The new venue" },
    errors: ["EVAUT", "EVFBD"],
    handler: async ({ sql, body }) => {
      const args = namedArgs(body, ["name", "address", "city", "country"]);
      return one(await sql(`select ${VENUE} from evently.create_venue(${args.sql}) v`, args.values), "Venue");
    },
  },
];
