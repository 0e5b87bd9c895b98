// What each resource looks like in REST (matches the schemas in schemas.ts): selected in
// SQL so that JSON types are exact (intervals as seconds, bigints as numbers).
export const USER = "u.id, u.email::text as email, u.name, u.role, u.created_at";
export const VENUE = "v.id, v.name, v.address, v.city, v.country, v.created_at";
export const EVENT = `e.id, e.venue_id, e.name, e.description, e.starts_at, e.ends_at, e.capacity, e.held, e.booked,
  evently.events_available(e) as available, e.price_cents,
  extract(epoch from e.hold_ttl)::integer as hold_ttl_seconds, e.max_tickets_per_user, e.status,
  e.cancelled_at, e.created_at, e.updated_at, e.seating,
  'PT' || extract(epoch from e.offer_ttl)::integer || 'S' as offer_ttl, e.waiting`;
export const BOOKING =
  "b.id, b.event_id, b.user_id, b.hold_id, b.quantity, b.total_cents, b.status, b.created_at, b.cancelled_at, b.ticket_type_id";
// A booking just made or an idempotent replay of an older one: created_now says which (a
// booking made by this transaction has created_at = now(), its start), for
// evently_bookings_created_total; the router drops the column before answering.
export const BOOKING_MADE = `${BOOKING}, b.created_at = now() as created_now`;
export const TICKET = `t.id, t.booking_id, t.event_id, t.user_id, t.code, t.status, t.created_at, t.checked_in_at,
  (evently.tickets_seat(t)).label as seat_label`;
export const DOOR_STAFF = "d.event_id, d.user_id, d.granted_by, d.granted_at";
export const CHECK_IN = `c.ticket_id, c.code, c.event_id, c.event_name, c.booking_id, c.holder_name, c.seat_label,
  c.checked_in_at, c.checked_in_by`;
// Seats: coordinates as JSON numbers (numeric would arrive as strings).
export const VENUE_SEAT = `s.id, s.venue_id, s.section, s.row_label, s.seat_number, s.label, s.x::double precision as x,
  s.y::double precision as y, s.category, s.row_rank, s.seat_rank`;
export const SEAT_INFO = `s.seat_id, s.section, s.row_label, s.seat_number, s.label, s.x::double precision as x,
  s.y::double precision as y, s.category, s.price_cents, s.status`;
// A hold's seats (reserved seating; [] otherwise), shaped as SEAT_INFO, come from
// evently.holds_seats, which checks ownership itself.
export const HOLD = `h.id, h.event_id, h.user_id, h.quantity, h.status, h.expires_at, h.created_at, h.closed_at,
  h.waitlist_entry_id, h.ticket_type_id,
  coalesce((select json_agg(seat) from (select ${SEAT_INFO} from evently.holds_seats(h) s) seat), '[]'::json) as seats`;
// A waitlist entry with its open offer (an unexpired hold you confirm or decline), if any.
export const WAITLIST_ENTRY = `w.id, w.event_id, w.user_id, w.quantity, w.position::double precision as position, w.status,
  w.created_at, w.updated_at, (evently.waitlist_entries_offer(w)).id as offer_hold_id, w.ticket_type_id`;
// The waiting room in front of an on-sale, and one person's place in it.
export const WAITING_ROOM = `r.event_id, r.opens_at, r.admission_rate,
  'PT' || extract(epoch from r.admission_window)::integer || 'S' as admission_window,
  r.last_position::double precision as joined, r.admitted::double precision as admitted,
  evently.waiting_rooms_waiting(r)::double precision as waiting, r.updated_at`;
export const QUEUE_ENTRY = `q.id, q.event_id, q.user_id, q.position::double precision as position, q.status,
  evently.queue_entries_people_ahead(q)::double precision as people_ahead, evently.queue_entries_admitted_now(q) as admitted_now,
  q.joined_at, q.admitted_at, q.admission_expires_at`;
// Ticket types (general admission): available is what can be held or booked of it now.
export const TICKET_TYPE = `t.id, t.event_id, t.name, t.description, t.price_cents, t.capacity, t.held, t.booked, t.waiting,
  evently.ticket_types_available(t) as available, t.sales_start, t.sales_end, t.max_tickets_per_user, t.sort_order,
  t.created_at, t.updated_at`;
export const NOTIFICATION = "n.id, n.kind, n.event_id, n.payload, n.subject, n.body, n.status, n.created_at, n.sent_at";
// Webhooks (admins): an endpoint never shows its secret, except in the answer that creates
// or rotates it; a delivery names its event's type and event.
export const WEBHOOK_ENDPOINT = "e.id, e.url, e.event_types, e.description, e.active, e.created_by, e.created_at, e.updated_at";
export const WEBHOOK_ENDPOINT_SECRET = "e.id, e.url, e.event_types, e.description, e.active, e.created_at, e.secret";
export const WEBHOOK_DELIVERY = `d.id, d.endpoint_id, d.webhook_event_id,
  (select w.type from evently.webhook_events w where w.id = d.webhook_event_id) as event_type,
  (select w.event_id from evently.webhook_events w where w.id = d.webhook_event_id) as event_id,
  d.replay_of, d.status, d.attempts, d.response_status, d.response_body, d.last_error, d.created_at, d.last_attempt_at,
  d.delivered_at`;
