// Waiting rooms for on-sales: admins open (or change) and close one per event; buyers join the
// queue, watch their place, and may hold and book once admitted (evently.join_queue and the
// admission check in every hold and booking function decide).
import { one, type RouteSpec } from "../route.ts";
import { idParam, schemaRef } from "../schemas.ts";
import { QUEUE_ENTRY, WAITING_ROOM } from "../columns.ts";

export const queueRoutes: RouteSpec[] = [
  {
    method: "get", path: "/events/{id}/waiting-room", operationId: "getWaitingRoom", tag: "waiting room", auth: "anyone",
    summary: "The event's waiting room: when it opens, how fast it moves, how many wait", params: idParam,
    success: { status: 200, schema: schemaRef("WaitingRoom"), description: "The room" },
    errors: ["EVNFD"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${WAITING_ROOM} from evently.waiting_rooms r where r.event_id = $1`, [params.id]), "Waiting room"),
  },
  {
    method: "post", path: "/events/{id}/waiting-room", operationId: "openWaitingRoom", tag: "waiting room", auth: "admin",
    summary: "Put a waiting room in front of the event's on-sale, or change it (admins): from then on only admitted people hold and book",
    params: idParam, body: schemaRef("WaitingRoomOpen"),
    success: { status: 200, schema: schemaRef("WaitingRoom"), description: "The room" },
    errors: ["EVAUT", "EVFBD", "EVNFD", "EVECN", "EVPST"],
    handler: async ({ sql, params, body }) =>
      one(await sql(
        `select ${WAITING_ROOM} from evently.open_waiting_room(event_id => $1, opens_at => $2, admission_rate => $3,
           admission_window => coalesce($4::interval, interval '10 minutes')) r`,
        [params.id, body.opens_at, body.admission_rate, body.admission_window ?? null],
      ), "Waiting room"),
  },
  {
    method: "delete", path: "/events/{id}/waiting-room", operationId: "closeWaitingRoom", tag: "waiting room", auth: "admin",
    summary: "Remove the event's waiting room and its queue (admins): everyone may hold and book again", params: idParam,
    success: { status: 200, schema: schemaRef("WaitingRoom"), description: "The room as it was" },
    errors: ["EVAUT", "EVFBD", "EVNFD"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${WAITING_ROOM} from evently.close_waiting_room(event_id => $1) r`, [params.id]), "Waiting room"),
  },
  {
    method: "post", path: "/events/{id}/queue", operationId: "joinQueue", tag: "waiting room", auth: "user",
    summary: "Join the event's waiting room (again: the same place while waiting or admitted)", params: idParam,
    rateLimit: "booking",
    success: { status: 200, schema: schemaRef("QueueEntry"), description: "Your place" },
    errors: ["EVAUT", "EVNFD", "EVECN", "EVPST", "EVQNR"],
    // Read back in a second statement: people_ahead counts entries join_queue's own
    // admissions may just have changed.
    handler: async ({ sqlThenRead, params }) =>
      one(await sqlThenRead(
        { text: "select q.id from evently.join_queue(event_id => $1) q", values: [params.id] },
        ([entry]) => ({ text: `select ${QUEUE_ENTRY} from evently.queue_entries q where q.id = $1`, values: [entry.id] }),
      ), "Queue entry"),
  },
  {
    method: "get", path: "/events/{id}/queue", operationId: "getMyQueueEntry", tag: "waiting room", auth: "user",
    summary: "Your place in the event's waiting room (people ahead; admitted now)", params: idParam,
    success: { status: 200, schema: schemaRef("QueueEntry"), description: "Your place" },
    errors: ["EVAUT", "EVNFD"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${QUEUE_ENTRY} from evently.my_queue_entry(event_id => $1) q where q.id is not null`, [params.id]), "Queue entry"),
  },
  {
    method: "delete", path: "/events/{id}/queue", operationId: "leaveQueue", tag: "waiting room", auth: "user",
    summary: "Leave the event's waiting room (gives up an admission too)", params: idParam,
    success: { status: 200, schema: schemaRef("QueueEntry"), description: "Your entry, now left" },
    errors: ["EVAUT", "EVNFD"],
    handler: async ({ sql, params }) =>
      one(await sql(`select ${QUEUE_ENTRY} from evently.leave_queue(event_id => $1) q`, [params.id]), "Queue entry"),
  },
];
