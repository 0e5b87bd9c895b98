create or replace function evently.ticket_types_available(t evently.ticket_types) returns integer
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- What a buyer can hold or book of this type now: its own free tickets, never more than
  -- the event has.
  select least(evently_private.ticket_type_free(t),
               (select evently.events_available(e) from evently.events e where e.id = t.event_id));
$$;
comment on function evently.ticket_types_available(evently.ticket_types) is
  E'Tickets of this type that can be held or booked now: its capacity minus booked minus unexpired holds, at most what the event has left; 0 outside the sales window and while anyone is on its waitlist. Computed column TicketType.available. Errors: none.';
revoke all on function evently.ticket_types_available(evently.ticket_types) from public;
grant execute on function evently.ticket_types_available(evently.ticket_types) to evently_anonymous, evently_user;
