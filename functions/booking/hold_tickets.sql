create or replace function evently.hold_tickets(event_id uuid, quantity integer) returns evently.holds
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(hold_tickets.event_id);
  v_type evently.ticket_types;
begin
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  -- An event with ticket types: its only type (several: EVTTR, name one with hold_ticket_type).
  v_type := evently_private.ticket_type_for(v_event, null);
  if v_type.id is not null then
    return evently_private.place_typed_hold(v_event, v_type, v_user_id, hold_tickets.quantity, p_expiry_job => true);
  end if;
  -- On a reserved-seating event this holds the best available seats.
  return evently_private.place_hold(v_event, v_user_id, hold_tickets.quantity, p_expiry_job => true);
end;
$$;
comment on function evently.hold_tickets(uuid, integer) is
  E'Sets quantity tickets aside for the current user until expires_at (the event''s hold_ttl); on a reserved-seating event, the best available seats; on an event with ticket types, of its only type. Confirm with confirm_hold. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVSLD, EVTSW, EVTTR, EVQAD.';
revoke all on function evently.hold_tickets(uuid, integer) from public;
grant execute on function evently.hold_tickets(uuid, integer) to evently_anonymous, evently_user;
