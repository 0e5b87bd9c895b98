create or replace function evently_private.lock_and_check_ticket_limit(
  p_event evently.events, p_user_id uuid, p_quantity integer
) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_used integer;
begin
  if p_quantity is null or p_quantity < 1 then
    raise exception 'quantity must be at least 1' using errcode = 'EVQTY', detail = 'quantity';
  end if;
  if p_quantity > p_event.max_tickets_per_user then
    raise exception 'At most % tickets per person for this event', p_event.max_tickets_per_user
      using errcode = 'EVLIM';
  end if;
  -- The limit spans all of this user's live holds and bookings, so two concurrent
  -- requests of one user must not both pass the sum: serialize them per (user, event).
  -- Other users are never blocked by this lock.
  perform evently_private.lock_user_tickets(p_event.id, p_user_id);
  v_used := evently_private.live_tickets(p_event.id, p_user_id);
  if v_used + p_quantity > p_event.max_tickets_per_user then
    raise exception 'At most % tickets per person for this event; you already have %',
      p_event.max_tickets_per_user, v_used using errcode = 'EVLIM';
  end if;
end;
$$;
comment on function evently_private.lock_and_check_ticket_limit(evently.events, uuid, integer) is
  E'Raises EVQTY for a quantity below 1; takes the per-(user, event) advisory lock that serializes one user''s holds, bookings and waitlist joins for the event (held until commit); then raises EVLIM when the user''s live holds and bookings plus this quantity exceed the event''s max_tickets_per_user. Errors: EVLIM, EVQTY.';
revoke all on function evently_private.lock_and_check_ticket_limit(evently.events, uuid, integer) from public;
