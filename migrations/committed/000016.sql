--! Previous: sha1:a2aaf6f648cead6417c790bd672f7bca456fe82b
--! Hash: sha1:2060797b945171fa0e8356a0517b7bddc2ea5dc1

-- The per-person limit reads a user's live holds and bookings of one event on every hold and
-- booking (evently_private.live_tickets). It now finds them through the user's rows: an
-- event on sale is new to the planner's statistics (estimated at one row), and the indexes
-- led by event_id made every call read every hold or booking of a hot event, a cost that
-- grew with its sale. These lead with the user, so the lookup is as small as the user's own
-- rows. (On a large table, an operator may build them first with CREATE INDEX CONCURRENTLY
-- under the same names; this migration then only drops the old ones.)
create index if not exists bookings_user_event_confirmed_idx on evently.bookings (user_id, event_id)
  where status = 'confirmed';
drop index if exists evently.bookings_event_user_idx;
create index if not exists holds_user_event_active_idx on evently.holds (user_id, event_id)
  where status = 'active';
drop index if exists evently.holds_active_user_idx;
