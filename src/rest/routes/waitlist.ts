// Waitlists and notifications. An offer is a hold: accept it with POST /holds/{id}/confirm,
// decline it with POST /holds/{id}/decline.
import { one, type RouteSpec } from "../route.ts";
import { idParam, listOf, pageParams, schemaRef } from "../schemas.ts";
import { HOLD, NOTIFICATION, WAITLIST_ENTRY } from "../columns.ts";

export const waitlistRoutes: RouteSpec[] = [
  {
    method: "post", path: "/events/{id}/waitlist", operationId: "joinWaitlist", tag: "waitlist", auth: "user",
    summary: "Wait for tickets of a sold-out event; free tickets are offered at once (status offered, offer_hold_id)",
    params: idParam, body: schemaRef("WaitlistJoin"), rateLimit: "booking",
    success: { status: 201, schema: schemaRef("WaitlistEntry"), description: "Your entry" },
    errors: ["EVAUT", "EVNFD", "EVECN", "EVPST", "EVQTY", "EVLIM", "EVWLD", "EVQAD", "EVTTR", "EVTSW"],
    // Read back in a second statement of the same transaction: an offer made at once (free
    // tickets) is a hold join_waitlist inserts, which waitlist_entries_offer (STABLE) would
    // not see inside the call's own statement.
    handler: async ({ sqlThenRead, params, body }) =>
      one(await sqlThenRead(
        { text: "select w.id from evently.join_waitlist(event_id => $1, quantity => $2) w", values: [params.id, body.quantity] },
        ([entry]) => ({ text: `select ${WAITLIST_ENTRY} from evently.waitlist_entries w where w.id = $1`, values: [entry.id] }),
      ), "Waitlist entry"),
  },
  {
    method: "post", path: "/ticket-types/{id}/waitlist", operationId: "joinTicketTypeWaitlist", tag: "waitlist", auth: "user",
    summary: "Wait for tickets of one sold-out ticket type; its freed tickets go to its waitlist first (offered at once when free)",
    params: idParam, body: schemaRef("WaitlistJoin"), rateLimit: "booking",
    success: { status: 201, schema: schemaRef("WaitlistEntry"), description: "Your entry" },
    errors: ["EVAUT", "EVNFD", "EVECN", "EVPST", "EVQTY", "EVLIM", "EVWLD", "EVQAD", "EVTSW"],
    handler: async ({ sqlThenRead, params, body }) =>
      one(await sqlThenRead(
        { text: "select w.id from evently.join_ticket_type_waitlist(ticket_type_id => $1, quantity => $2) w", values: [params.id, body.quantity] },
        ([entry]) => ({ text: `select ${WAITLIST_ENTRY} from evently.waitlist_entries w where w.id = $1`, values: [entry.id] }),
      ), "Waitlist entry"),
  },
  {
    method: "get", path: "/waitlist", operationId: "listMyWaitlistEntries", tag: "waitlist", auth: "user",
    summary: "Your waitlist entries, newest first", query: { ...pageParams },
    success: { status: 200, schema: listOf("WaitlistEntry"), description: "A page of your entries" },
    errors: ["EVAUT"],
    handler: async ({ sql, query }) =>
      sql(`select ${WAITLIST_ENTRY} from evently.my_waitlist_entries() w limit $1 offset $2`, [query.limit, query.offset]),
  },
  {
    method: "delete", path: "/waitlist/{id}", operationId: "leaveWaitlist", tag: "waitlist", auth: "user",
    summary: "Leave a waitlist (an open offer passes to the next in line)", params: idParam,
    success: { status: 200, schema: schemaRef("WaitlistEntry"), description: "The entry, now left" },
    errors: ["EVAUT", "EVNFD", "EVWNA"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${WAITLIST_ENTRY} from evently.leave_waitlist(entry_id => $1) w`, [params.id]), "Waitlist entry"),
  },
  {
    method: "post", path: "/holds/{id}/decline", operationId: "declineOffer", tag: "waitlist", auth: "user",
    summary: "Decline a waitlist offer: its tickets pass to the next in line", params: idParam,
    success: { status: 200, schema: schemaRef("Hold"), description: "The released offer" },
    errors: ["EVAUT", "EVNFD", "EVNOF", "EVHNA"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${HOLD} from evently.decline_offer(hold_id => $1) h`, [params.id]), "Hold"),
  },
  {
    method: "get", path: "/notifications", operationId: "listMyNotifications", tag: "notifications", auth: "user",
    summary: "Your notifications (booking confirmed or cancelled, waitlist offers, event changes), newest first",
    query: { ...pageParams },
    success: { status: 200, schema: listOf("Notification"), description: "A page of your notifications" },
    errors: ["EVAUT"],
    handler: async ({ sql, query }) =>
      sql(`select ${NOTIFICATION} from evently.my_notifications() n limit $1 offset $2`, [query.limit, query.offset]),
  },
];
