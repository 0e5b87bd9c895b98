// Every REST route, in the order they appear in the OpenAPI document.
import type { RouteSpec } from "../route.ts";
import { authRoutes } from "./auth.ts";
import { venueRoutes } from "./venues.ts";
import { eventRoutes } from "./events.ts";
import { bookingRoutes } from "./booking.ts";
import { analyticsRoutes } from "./analytics.ts";
import { seatRoutes } from "./seats.ts";
import { waitlistRoutes } from "./waitlist.ts";
import { checkInRoutes } from "./checkin.ts";
import { webhookRoutes } from "./webhooks.ts";
import { queueRoutes } from "./queue.ts";
import { ticketTypeRoutes } from "./ticket-types.ts";

export function allRoutes(jwtSecret: string): RouteSpec[] {
  return [...authRoutes(jwtSecret), ...venueRoutes, ...eventRoutes, ...ticketTypeRoutes, ...seatRoutes, ...bookingRoutes, ...waitlistRoutes,
    ...queueRoutes, ...checkInRoutes, ...analyticsRoutes, ...webhookRoutes];
}
