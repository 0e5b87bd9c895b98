create or replace function evently.hold_ticket_type(ticket_type_id uuid, quantity integer) returns evently.holds
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events;
  v_type evently.ticket_types;
begin
  if hold_ticket_type.ticket_type_id is null then
    raise exception 'ticket_type_id is required' using errcode = 'EVINV', detail = 'ticket_type_id';
  end if;
  select * into v_type from evently.ticket_types t where t.id = hold_ticket_type.ticket_type_id;
  if not found then
    raise exception 'Ticket type not found' using errcode = 'EVNFD', detail = 'ticket_type_id';
  end if;
  v_event := evently_private.bookable_event(v_type.event_id);
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  v_type := evently_private.ticket_type_for(v_event, hold_ticket_type.ticket_type_id);
  return evently_private.place_typed_hold(v_event, v_type, v_user_id, hold_ticket_type.quantity, p_expiry_job => true);
end;
$$;
comment on function evently.hold_ticket_type(uuid, integer) is
  E'Sets quantity tickets of one ticket type aside for the current user until expires_at (the event''s hold_ttl); confirm with confirm_hold. Never beyond the type''s capacity nor the event''s. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVSLD, EVTSW, EVQAD.';
revoke all on function evently.hold_ticket_type(uuid, integer) from public;
grant execute on function evently.hold_ticket_type(uuid, integer) to evently_anonymous, evently_user;
