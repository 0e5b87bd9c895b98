create or replace function evently.hold_tickets(event_id uuid, quantity integer) returns evently.holds
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(hold_tickets.event_id);
  v_hold evently.holds;
begin
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  -- On a reserved-seating event this holds the best available seats.
  v_hold := evently_private.place_hold(v_event, v_user_id, hold_tickets.quantity);
  perform evently_private.schedule_hold_expiry(v_hold);
  return v_hold;
end;
$$;
comment on function evently.hold_tickets(uuid, integer) is
  E'Sets quantity tickets aside for the current user until expires_at (the event''s hold_ttl); on a reserved-seating event, the best available seats. Confirm with confirm_hold. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVSLD, EVQAD.';
revoke all on function evently.hold_tickets(uuid, integer) from public;
grant execute on function evently.hold_tickets(uuid, integer) to evently_anonymous, evently_user;
