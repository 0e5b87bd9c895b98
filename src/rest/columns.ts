// What each resource looks like in REST (matches the schemas in schemas.ts): selected in
// SQL so that JSON types are exact (intervals as seconds, bigints as numbers).
export const USER = "u.id, u.email::text as email, u.name, u.role, u.created_at";
export const VENUE = "v.id, v.name, v.address, v.city, v.country, v.created_at";
export const EVENT = `e.id, e.venue_id, e.name, e.description, e.starts_at, e.ends_at, e.capacity, e.held, e.booked,
  evently.events_available(e) as available, e.price_cents,
  extract(epoch from e.hold_ttl)::integer as hold_ttl_seconds, e.max_tickets_per_user, e.status,
  e.cancelled_at, e.created_at, e.updated_at`;
export const HOLD = "h.id, h.event_id, h.user_id, h.quantity, h.status, h.expires_at, h.created_at, h.closed_at";
export const BOOKING =
  "b.id, b.event_id, b.user_id, b.hold_id, b.quantity, b.total_cents, b.status, b.created_at, b.cancelled_at";
export const TICKET = "t.id, t.booking_id, t.event_id, t.user_id, t.code, t.status, t.created_at";
