// JSON Schema 2020-12 for every REST body and resource, written once: Ajv validates requests
// with them and the OpenAPI 3.1 document (src/rest/openapi.ts) publishes them unchanged.
// The SQL functions remain the judges of business rules (ranges that depend on an event,
// ownership, capacity); these schemas only check shape so that unknown fields and wrong
// types are refused before any SQL runs.

type Schema = Record<string, unknown>;

const uuid = { type: "string", format: "uuid" } as const;
/** PostgreSQL's integer: what every integer a request sends is stored as. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
const int32 = { type: "integer", minimum: INT32_MIN, maximum: INT32_MAX } as const;
const timestamp = { type: "string", format: "date-time" } as const;
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: "null" }] });
const text = (maxLength: number): Schema => ({ type: "string", maxLength });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** ISO 8601 duration in weeks, days, hours, minutes, seconds (PostgreSQL reads it as an interval). */
const duration: Schema = {
  type: "string",
  pattern: "^P(?!$)([0-9]{1,6}W|([0-9]{1,6}D)?(T(?=[0-9])([0-9]{1,6}H)?([0-9]{1,6}M)?([0-9]{1,7}S)?)?)$",
  description: "ISO 8601 duration such as PT30M or P1D.",
  examples: ["PT30M"],
};
const categoryPrices: Schema = {
  type: "object",
  description: "Price in cents per seat category (reserved seating); categories left out cost price_cents.",
  propertyNames: { minLength: 1, maxLength: 50 },
  additionalProperties: { type: "integer", minimum: 0, maximum: 999999999 },
  maxProperties: 100,
};
const object = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({
  type: "object",
  properties,
  required,
  additionalProperties: false,
});

/** Where a seat is and what kind: the same in a venue's layout (VenueSeat) and an event's map (SeatInfo). */
const seatPlace: Record<string, Schema> = {
  section: { type: "string" },
  row_label: { type: "string" },
  seat_number: { type: "integer" },
  label: { type: "string" },
  x: { type: "number" },
  y: { type: "number" },
  category: { type: "string" },
};

export const componentSchemas: Record<string, Schema> = {
  Problem: {
    type: "object",
    description: "RFC 9457 problem details; `code` is a registered Evently error code (docs/error-codes.md).",
    properties: {
      type: { type: "string" },
      title: { type: "string" },
      status: { type: "integer" },
      detail: { type: "string" },
      code: { type: "string", pattern: "^EV[0-9A-Z]{3}$" },
      field: { type: "string" },
      instance: { type: "string" },
      request_id: { type: "string", description: "The response's X-Request-Id (in the server's log line)" },
    },
    required: ["type", "title", "status", "detail"],
    additionalProperties: false,
  },

  // Resources (responses)
  User: object({
    id: uuid, email: { type: "string" }, name: { type: "string" },
    role: { enum: ["user", "admin"], description: "The account's role (users.role). A token carries the PostgreSQL role it maps to: user → evently_user, admin → evently_admin." },
    created_at: timestamp,
  }),
  Token: object({
    token: { type: "string", description: "Send as `Authorization: Bearer <token>`." },
    token_type: { const: "Bearer" },
    expires_at: timestamp,
    user_id: uuid,
    role: { enum: ["evently_user", "evently_admin"], description: "The PostgreSQL role requests with this token run as (the account's role user → evently_user, admin → evently_admin)." },
  }),
  Venue: object({
    id: uuid,
    name: { type: "string" },
    address: nullable({ type: "string" }),
    city: nullable({ type: "string" }),
    country: nullable({ type: "string" }),
    created_at: timestamp,
  }),
  Event: object({
    id: uuid,
    venue_id: nullable(uuid),
    name: { type: "string" },
    description: nullable({ type: "string" }),
    starts_at: timestamp,
    ends_at: nullable(timestamp),
    capacity: { type: "integer" },
    held: { type: "integer", description: "Tickets in active holds." },
    booked: { type: "integer", description: "Tickets in confirmed bookings." },
    available: { type: "integer", description: "Tickets that can be held or booked now." },
    price_cents: { type: "integer" },
    hold_ttl_seconds: { type: "integer" },
    max_tickets_per_user: { type: "integer" },
    status: { enum: ["published", "cancelled"] },
    cancelled_at: nullable(timestamp),
    created_at: timestamp,
    updated_at: timestamp,
    seating: { enum: ["general", "reserved"] },
    offer_ttl: { ...duration, description: "How long a waitlist offer stays open (ISO 8601, in seconds: PT1800S)." },
    waiting: { type: "integer", description: "People waiting on the event's waitlist." },
  }),
  Hold: object({
    id: uuid,
    event_id: uuid,
    user_id: uuid,
    quantity: { type: "integer" },
    status: { enum: ["active", "confirmed", "released", "expired", "cancelled"] },
    expires_at: timestamp,
    created_at: timestamp,
    closed_at: nullable(timestamp),
    waitlist_entry_id: nullable({ ...uuid, description: "Set when the hold is a waitlist offer (confirm or decline it)." }),
    ticket_type_id: nullable({ ...uuid, description: "The ticket type held (null: the event has no ticket types)." }),
    seats: {
      type: "array",
      description: "The held seats (reserved seating; empty for general admission and closed holds).",
      items: ref("SeatInfo"),
    },
  }),
  VenueSeat: object({
    id: uuid,
    venue_id: uuid,
    ...seatPlace,
    row_rank: { type: "integer", description: "Lower is a better row." },
    seat_rank: { type: "integer", description: "Lower is nearer the row's centre." },
  }),
  SeatInfo: object({
    seat_id: uuid,
    ...seatPlace,
    price_cents: { type: "integer" },
    status: { enum: ["available", "held", "booked"] },
  }),
  WaitingRoom: object({
    event_id: uuid,
    opens_at: timestamp,
    admission_rate: { type: "integer", description: "People admitted per minute, in join order." },
    admission_window: { ...duration, description: "How long an admission lasts (ISO 8601, in seconds: PT600S)." },
    joined: { type: "integer", description: "Places handed out so far." },
    admitted: { type: "integer", description: "Admissions made so far." },
    waiting: { type: "integer", description: "People in line now." },
    updated_at: timestamp,
  }),
  QueueEntry: object({
    id: uuid,
    event_id: uuid,
    user_id: uuid,
    position: { type: "integer", description: "Your place in the join order (people_ahead says how many still wait before you)." },
    status: { enum: ["waiting", "admitted", "left"] },
    people_ahead: { type: "integer" },
    admitted_now: { type: "boolean", description: "You may hold and book now (admitted, admission not expired)." },
    joined_at: timestamp,
    admitted_at: nullable(timestamp),
    admission_expires_at: nullable(timestamp),
  }),
  WaitlistEntry: object({
    id: uuid,
    event_id: uuid,
    user_id: uuid,
    quantity: { type: "integer" },
    position: { type: "integer" },
    status: { enum: ["waiting", "offered", "accepted", "declined", "expired", "left", "cancelled"] },
    created_at: timestamp,
    updated_at: timestamp,
    offer_hold_id: nullable({ ...uuid, description: "The open offer: confirm with POST /holds/{id}/confirm, or decline." }),
    ticket_type_id: nullable({ ...uuid, description: "The ticket type waited for (null: the event has no ticket types)." }),
  }),
  Notification: object({
    id: uuid,
    kind: { enum: ["booking_confirmed", "booking_cancelled", "waitlist_offer", "offer_expired", "event_changed", "event_cancelled", "queue_admitted"] },
    event_id: nullable(uuid),
    payload: { type: "object" },
    subject: nullable({ type: "string" }),
    body: nullable({ type: "string" }),
    status: { enum: ["pending", "sent", "failed"] },
    created_at: timestamp,
    sent_at: nullable(timestamp),
  }),
  Booking: object({
    id: uuid,
    event_id: uuid,
    user_id: uuid,
    hold_id: nullable(uuid),
    quantity: { type: "integer" },
    total_cents: { type: "integer" },
    status: { enum: ["confirmed", "cancelled"] },
    created_at: timestamp,
    cancelled_at: nullable(timestamp),
    ticket_type_id: nullable({ ...uuid, description: "The ticket type booked (null: the event has no ticket types)." }),
  }),
  TicketType: object({
    id: uuid,
    event_id: uuid,
    name: { type: "string" },
    description: nullable({ type: "string" }),
    price_cents: { type: "integer" },
    capacity: { type: "integer", description: "This type's own cap; the event's capacity caps all types together." },
    held: { type: "integer" },
    booked: { type: "integer" },
    waiting: { type: "integer", description: "People on this type's waitlist (POST /ticket-types/{id}/waitlist); while any wait, its freed tickets are offered to them." },
    available: { type: "integer", description: "What can be held or booked of it now (0 outside its sales window or while anyone waits for it; never more than the event has)." },
    sales_start: nullable(timestamp),
    sales_end: nullable(timestamp),
    max_tickets_per_user: nullable({ type: "integer" }),
    sort_order: { type: "integer" },
    created_at: timestamp,
    updated_at: timestamp,
  }),
  AnalyticsTicketType: object({
    ticket_type_id: uuid,
    name: { type: "string" },
    price_cents: { type: "integer" },
    capacity: { type: "integer" },
    held: { type: "integer" },
    booked: { type: "integer" },
    available: { type: "integer" },
    bookings: { type: "integer", description: "Confirmed bookings." },
    cancelled_bookings: { type: "integer" },
    revenue_cents: { type: "integer", description: "Of confirmed bookings." },
    sell_through: { type: "number", description: "booked / capacity." },
  }),
  Ticket: object({
    id: uuid,
    booking_id: uuid,
    event_id: uuid,
    user_id: uuid,
    code: { type: "string", description: "128 random bits (hex) for the door scanner." },
    status: { enum: ["valid", "cancelled"] },
    created_at: timestamp,
    checked_in_at: nullable({ ...timestamp, description: "When the ticket was checked in at the door (null: not yet)." }),
    seat_label: { ...nullable({ type: "string" }), description: "The seat it admits to (\"Stalls A7\") for reserved seating; null for general admission." },
  }),
  AnalyticsSummary: object({
    bookings_created: { type: "integer" },
    bookings_cancelled: { type: "integer" },
    tickets_sold: { type: "integer" },
    revenue_cents: { type: "integer" },
    cancellation_rate: nullable({ type: "number" }),
    holds_created: { type: "integer" },
    holds_confirmed: { type: "integer" },
    hold_conversion_rate: nullable({ type: "number" }),
  }),
  AnalyticsDay: object({
    day: { type: "string", format: "date" },
    bookings: { type: "integer" },
    tickets: { type: "integer" },
    revenue_cents: { type: "integer" },
    cancellations: { type: "integer" },
  }),
  AnalyticsEvent: object({
    event_id: uuid,
    name: { type: "string" },
    starts_at: timestamp,
    status: { enum: ["published", "cancelled"] },
    capacity: { type: "integer" },
    tickets_sold: { type: "integer" },
    revenue_cents: { type: "integer" },
    utilization: { type: "number" },
  }),
  BookingStats: object({
    events_upcoming: { type: "integer" },
    events_sold_out: { type: "integer" },
    tickets_sold: { type: "integer" },
    tickets_held: { type: "integer" },
    bookings_last_24h: { type: "integer" },
    cancellations_last_24h: { type: "integer" },
    revenue_cents_last_24h: { type: "integer" },
  }),

  CheckIn: object({
    ticket_id: uuid,
    code: { type: "string" },
    event_id: uuid,
    event_name: { type: "string" },
    booking_id: uuid,
    holder_name: nullable({ type: "string", description: "The ticket holder's name (to compare with an ID)." }),
    seat_label: nullable({ type: "string", description: "The seat (reserved seating)." }),
    checked_in_at: timestamp,
    checked_in_by: uuid,
  }),
  CheckInCounts: object({
    event_id: uuid,
    tickets: { type: "integer", description: "Valid tickets of the event." },
    checked_in: { type: "integer", description: "Of those, checked in at the door." },
    remaining: { type: "integer", description: "Still to come." },
    last_check_in_at: nullable(timestamp),
  }),
  DoorStaff: object({
    event_id: uuid,
    user_id: uuid,
    granted_by: nullable(uuid),
    granted_at: timestamp,
  }),
  AnalyticsCheckIns: object({
    event_id: uuid,
    name: { type: "string" },
    starts_at: timestamp,
    status: { enum: ["published", "cancelled"] },
    tickets: { type: "integer" },
    checked_in: { type: "integer" },
    check_in_rate: nullable({ type: "number" }),
    last_check_in_at: nullable(timestamp),
  }),

  CounterMismatch: object({
    id: { type: "integer" },
    event_id: uuid,
    counter: { enum: ["held", "booked", "waiting", "seats_held", "seats_booked"] },
    recorded: { type: "integer" },
    actual: { type: "integer" },
    detected_at: timestamp,
  }),
  EventBooking: object({
    id: uuid,
    user_id: uuid,
    email: { type: "string" },
    name: { type: "string" },
    quantity: { type: "integer" },
    total_cents: { type: "integer" },
    status: { enum: ["confirmed", "cancelled"] },
    created_at: timestamp,
    cancelled_at: nullable(timestamp),
    codes: { type: "array", items: { type: "string" } },
    matching: { type: "integer" },
  }),

  WebhookEndpoint: object({
    id: uuid,
    url: { type: "string" },
    event_types: { type: "array", items: ref("WebhookEventType") },
    description: nullable({ type: "string" }),
    active: { type: "boolean" },
    created_by: nullable(uuid),
    created_at: timestamp,
    updated_at: timestamp,
  }),
  WebhookEndpointWithSecret: object({
    id: uuid,
    url: { type: "string" },
    event_types: { type: "array", items: ref("WebhookEventType") },
    description: nullable({ type: "string" }),
    active: { type: "boolean" },
    created_at: timestamp,
    secret: { type: "string", pattern: "^whsec_", description: "The Standard Webhooks signing secret (whsec_ + base64): shown only in this answer." },
  }),
  WebhookEventType: { enum: ["booking.confirmed", "booking.cancelled", "event.sold_out", "waitlist.offered", "event.cancelled"] },
  WebhookDelivery: object({
    id: uuid,
    endpoint_id: uuid,
    webhook_event_id: uuid,
    event_type: ref("WebhookEventType"),
    event_id: uuid,
    replay_of: nullable({ ...uuid, description: "The delivery this one replays." }),
    status: { enum: ["pending", "delivered", "failed"] },
    attempts: { type: "integer" },
    response_status: nullable({ type: "integer", description: "HTTP status of the last answer." }),
    response_body: nullable({ type: "string", description: "At most 1 kB of the last answer." }),
    last_error: nullable({ type: "string" }),
    created_at: timestamp,
    last_attempt_at: nullable(timestamp),
    delivered_at: nullable(timestamp),
  }),

  // Request bodies
  CheckInRequest: object(
    {
      code: { type: "string", minLength: 1, maxLength: 200, description: "The ticket's code, as scanned or typed." },
      event_id: { ...uuid, description: "The event at whose door you scan: tickets of other events are refused (EVTWE)." },
    },
    ["code"],
  ),
  DoorStaffGrant: object({ user_id: uuid }),
  WebhookEndpointCreate: object(
    {
      url: { type: "string", maxLength: 2000, pattern: "^https?://", description: "http or https; private and loopback addresses are refused when sending." },
      event_types: { type: "array", items: ref("WebhookEventType"), minItems: 1, maxItems: 5, uniqueItems: true },
      secret: { type: "string", maxLength: 200, description: "whsec_ + base64 of 24 to 64 bytes; generated when omitted." },
      description: text(500),
    },
    ["url", "event_types"],
  ),
  WebhookEndpointUpdate: {
    ...object(
      {
        url: { type: "string", maxLength: 2000, pattern: "^https?://" },
        event_types: { type: "array", items: ref("WebhookEventType"), minItems: 1, maxItems: 5, uniqueItems: true },
        description: text(500),
        active: { type: "boolean", description: "Inactive endpoints get no new deliveries; pending ones are not sent." },
      },
      [],
    ),
    minProperties: 1,
  },
  WebhookSecretRotate: object({ secret: { type: "string", maxLength: 200, description: "whsec_ + base64; generated when omitted." } }, []),
  RegisterRequest: object({ email: text(254), password: text(200), name: text(200) }),
  LoginRequest: object({ email: text(254), password: text(200) }),
  VenueCreate: object(
    { name: text(200), address: nullable(text(500)), city: nullable(text(200)), country: nullable(text(100)) },
    ["name"],
  ),
  EventCreate: object(
    {
      name: text(200),
      starts_at: timestamp,
      capacity: int32,
      venue_id: nullable(uuid),
      description: nullable(text(10000)),
      ends_at: nullable(timestamp),
      price_cents: int32,
      hold_ttl_seconds: int32,
      max_tickets_per_user: int32,
      seating: { enum: ["general", "reserved"], description: "reserved copies the venue's seats (capacity = seat count)." },
      category_prices: categoryPrices,
      offer_ttl: duration,
    },
    ["name", "starts_at"],
  ),
  // Omitted fields keep their value (update_event's null arguments).
  EventUpdate: {
    ...object(
      {
        name: text(200),
        starts_at: timestamp,
        capacity: int32,
        venue_id: uuid,
        description: text(10000),
        ends_at: timestamp,
        price_cents: int32,
        hold_ttl_seconds: int32,
        max_tickets_per_user: int32,
        offer_ttl: duration,
      },
      [],
    ),
    minProperties: 1,
  },
  EventCancel: object({ reason: nullable(text(1000)) }, []),
  // Three shapes, told apart by their fields (each refuses the others' fields).
  HoldCreate: {
    description:
      "One of: {event_id, quantity} (general admission — the only ticket type when the event has types —, or the best seats of a reserved event); " +
      "{ticket_type_id, quantity} (tickets of one type); " +
      "{event_id, seat_ids} (exactly these seats); {event_id, quantity, best_available: true, section?, category?} " +
      "(the best seats, optionally within one section or category).",
    oneOf: [ref("HoldQuantity"), ref("HoldTicketType"), ref("HoldSeats"), ref("HoldBestAvailable")],
  },
  HoldQuantity: object({ event_id: uuid, quantity: int32 }),
  HoldTicketType: object({ ticket_type_id: uuid, quantity: int32 }),
  HoldSeats: object({
    event_id: uuid,
    seat_ids: { type: "array", items: uuid, minItems: 1, maxItems: 100, description: "Seat ids from GET /events/{id}/seats." },
  }),
  HoldBestAvailable: object(
    { event_id: uuid, quantity: int32, best_available: { const: true }, section: text(100), category: text(50) },
    ["event_id", "quantity", "best_available"],
  ),
  SeatsAdd: object(
    { section: text(100), rows: int32, seats_per_row: int32, category: text(50) },
    ["section", "rows", "seats_per_row"],
  ),
  // Checked seat by seat by import_seats (EVLAY names seats[i].field); only the envelope here.
  SeatsImport: {
    type: "array",
    maxItems: 100000,
    description: "[{section, row, number, x, y, category?, row_rank?, label?}], all or nothing.",
    items: { type: "object" },
  },
  WaitlistJoin: object({ quantity: int32 }),
  WaitingRoomOpen: object(
    {
      opens_at: { ...timestamp, description: "When admissions begin (the on-sale moment); people may join the queue before." },
      admission_rate: { type: "integer", minimum: 1, maximum: 1000000, description: "People admitted per minute." },
      admission_window: { ...duration, description: "How long an admission lasts (1 minute to 1 day; default PT10M)." },
    },
    ["opens_at", "admission_rate"],
  ),
  BookingCreate: {
    description: "One of: {event_id, quantity} (the only ticket type when the event has types); {ticket_type_id, quantity}.",
    oneOf: [object({ event_id: uuid, quantity: int32 }), object({ ticket_type_id: uuid, quantity: int32 })],
  },
  TicketTypeCreate: object(
    {
      name: text(100),
      capacity: int32,
      price_cents: int32,
      sales_start: timestamp,
      sales_end: timestamp,
      max_tickets_per_user: int32,
      description: text(1000),
      sort_order: int32,
    },
    ["name", "capacity"],
  ),
  TicketTypeUpdate: object(
    {
      name: text(100),
      capacity: int32,
      price_cents: int32,
      sales_start: timestamp,
      sales_end: timestamp,
      max_tickets_per_user: int32,
      description: text(1000),
      sort_order: int32,
    },
    [],
  ),
};

export const schemaRef = ref;
export const listOf = (name: string): Schema => ({ type: "array", items: ref(name) });

/** Query parameters shared by list routes: pages are capped at 100 rows. */
export const pageParams: Record<string, Schema> = {
  limit: { type: "integer", minimum: 1, maximum: 100, default: 50 },
  offset: { type: "integer", minimum: 0, maximum: 10000, default: 0 },
};
export const idParam: Record<string, Schema> = { id: uuid };
export { uuid as uuidSchema, timestamp as timestampSchema };
