create or replace function evently_private.book_typed(
  p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer
) returns evently.bookings
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  perform evently_private.lock_and_check_ticket_limit(p_event, p_user_id, p_quantity);
  perform evently_private.check_ticket_type_limit(p_type, p_user_id, p_quantity);
  -- Event row first, then the type's (the booking's insert trigger), as place_typed_hold.
  perform evently_private.take_capacity(p_event.id, p_quantity, 'booked', p_type.id);
  return evently_private.issue_booking(p_event, p_user_id, p_quantity, null, p_type);
end;
$$;
comment on function evently_private.book_typed(evently.events, evently.ticket_types, uuid, integer) is
  E'Books quantity tickets of the type in one step: per-user limits (event and type), the event''s capacity, then the booking and tickets at the type''s price, whose trigger takes the type''s capacity (EVSLD when the type is sold out). Errors: EVECN, EVLIM, EVQTY, EVSLD.';
revoke all on function evently_private.book_typed(evently.events, evently.ticket_types, uuid, integer) from public;
