create or replace function evently.book_ticket_type(ticket_type_id uuid, quantity integer, idempotency_key text default null)
  returns evently.bookings
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_booking_id uuid;
  v_event evently.events;
  v_type evently.ticket_types;
  v_booking evently.bookings;
begin
  if book_ticket_type.ticket_type_id is null then
    raise exception 'ticket_type_id is required' using errcode = 'EVINV', detail = 'ticket_type_id';
  end if;
  v_booking_id := evently_private.idempotency_begin(v_user_id, book_ticket_type.idempotency_key,
    jsonb_build_object('function', 'book_ticket_type', 'ticket_type_id', book_ticket_type.ticket_type_id,
                       'quantity', book_ticket_type.quantity));
  if v_booking_id is not null then
    select * into v_booking from evently.bookings where id = v_booking_id;
    return v_booking;
  end if;
  select * into v_type from evently.ticket_types t where t.id = book_ticket_type.ticket_type_id;
  if not found then
    raise exception 'Ticket type not found' using errcode = 'EVNFD', detail = 'ticket_type_id';
  end if;
  v_event := evently_private.bookable_event(v_type.event_id);
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  v_type := evently_private.ticket_type_for(v_event, book_ticket_type.ticket_type_id);
  v_booking := evently_private.book_typed(v_event, v_type, v_user_id, book_ticket_type.quantity);
  if book_ticket_type.idempotency_key is not null then
    perform evently_private.idempotency_finish(v_user_id, book_ticket_type.idempotency_key, v_booking.id);
  end if;
  return v_booking;
end;
$$;
comment on function evently.book_ticket_type(uuid, integer, text) is
  E'Books quantity tickets of one ticket type for the current user in one step, at the type''s price; never beyond the type''s capacity nor the event''s. With idempotency_key, retries return the same booking; the same key with other parameters raises EVIDM. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVSLD, EVTSW, EVIDM, EVIDK, EVQAD.';
revoke all on function evently.book_ticket_type(uuid, integer, text) from public;
grant execute on function evently.book_ticket_type(uuid, integer, text) to evently_anonymous, evently_user;
