// The door: admins grant door staff per event; door staff (or admins) check tickets in,
// each exactly once (evently.check_in decides, in one conditional UPDATE), and follow
// the counts. Admin analytics of check-ins are in analytics.ts.
import { one, type RouteSpec } from "../route.ts";
import { idParam, listOf, pageParams, schemaRef, uuidSchema } from "../schemas.ts";
import { CHECK_IN, DOOR_STAFF } from "../columns.ts";

export const checkInRoutes: RouteSpec[] = [
  {
    method: "post", path: "/check-ins", operationId: "checkIn", tag: "check-in", auth: "user",
    summary: "Check a ticket in at the door (door staff of its event, or admins): each ticket once",
    body: schemaRef("CheckInRequest"),
    success: { status: 200, schema: schemaRef("CheckIn"), description: "Let them in: the ticket, its event and holder" },
    errors: ["EVAUT", "EVNFD", "EVDSF", "EVTUK", "EVTWE", "EVTCN", "EVTUS"],
    handler: async ({ sql, body }) =>
      one(await sql(`select ${CHECK_IN} from evently.check_in(code => $1, event_id => $2) c`,
        [body.code, body.event_id ?? null]), "Check-in"),
  },
  {
    method: "get", path: "/events/{id}/check-ins", operationId: "getEventCheckIns", tag: "check-in", auth: "user",
    summary: "Valid tickets, checked in and still to come (door staff of the event, or admins)", params: idParam,
    success: { status: 200, schema: schemaRef("CheckInCounts"), description: "The counts" },
    errors: ["EVAUT", "EVNFD", "EVDSF"],
    handler: async ({ sql, params }) =>
      one(await sql(`select $1::uuid as event_id, c.tickets, c.checked_in, c.remaining, c.last_check_in_at
                       from evently.event_check_ins(event_id => $1) c`, [params.id]), "Check-in counts"),
  },
  {
    method: "get", path: "/events/{id}/door-staff", operationId: "listDoorStaff", tag: "check-in", auth: "user",
    summary: "The event's door staff (admins see every grant; others only their own)", params: idParam,
    query: { ...pageParams },
    success: { status: 200, schema: listOf("DoorStaff"), description: "A page of grants, newest first" },
    errors: ["EVAUT"],
    handler: async ({ sql, params, query }) =>
      sql(`select ${DOOR_STAFF} from evently.door_staff d where d.event_id = $1
            order by d.granted_at desc, d.user_id limit $2 offset $3`, [params.id, query.limit, query.offset]),
  },
  {
    method: "post", path: "/events/{id}/door-staff", operationId: "grantDoorStaff", tag: "check-in", auth: "admin",
    summary: "Let a user check tickets in at this event (admins); granting again keeps the first grant",
    params: idParam, body: schemaRef("DoorStaffGrant"),
    success: { status: 201, schema: schemaRef("DoorStaff"), description: "The grant" },
    errors: ["EVAUT", "EVFBD", "EVNFD"],
    handler: async ({ sql, params, body }) =>
      one(await sql(`select ${DOOR_STAFF} from evently.grant_door_staff(event_id => $1, user_id => $2) d`,
        [params.id, body.user_id]), "Door staff"),
  },
  {
    method: "delete", path: "/events/{id}/door-staff/{user_id}", operationId: "revokeDoorStaff", tag: "check-in", auth: "admin",
    summary: "Take back a user's door-staff grant (admins); their past check-ins stay",
    params: { id: uuidSchema, user_id: uuidSchema },
    success: { status: 200, schema: schemaRef("DoorStaff"), description: "The grant removed" },
    errors: ["EVAUT", "EVFBD", "EVNFD"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${DOOR_STAFF} from evently.revoke_door_staff(event_id => $1, user_id => $2) d`,
        [params.id, params.user_id]), "Door staff"),
  },
  {
    method: "get", path: "/door-staff", operationId: "listMyDoorStaff", tag: "check-in", auth: "user",
    summary: "The events at whose door you may check tickets in, newest grant first", query: { ...pageParams },
    success: { status: 200, schema: listOf("DoorStaff"), description: "A page of your grants" },
    errors: ["EVAUT"],
    handler: async ({ sql, query }) =>
      sql(`select ${DOOR_STAFF} from evently.my_door_staff() d limit $1 offset $2`, [query.limit, query.offset]),
  },
];
