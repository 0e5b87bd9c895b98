create or replace function evently_private.issue_booking(
  p_event evently.events, p_user_id uuid, p_quantity integer, p_hold_id uuid
) returns evently.bookings
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_booking evently.bookings;
begin
  -- Callers have already moved p_quantity into events.booked in this transaction.
  insert into evently.bookings (event_id, user_id, hold_id, quantity, total_cents)
  values (p_event.id, p_user_id, p_hold_id, p_quantity, p_event.price_cents * p_quantity)
  returning * into v_booking;
  insert into evently.tickets (booking_id, event_id, user_id)
  select v_booking.id, p_event.id, p_user_id from generate_series(1, p_quantity);
  return v_booking;
end;
$$;
comment on function evently_private.issue_booking(evently.events, uuid, integer, uuid) is
  E'Inserts a confirmed booking and one ticket per person; the caller has already counted the tickets in events.booked.';
revoke all on function evently_private.issue_booking(evently.events, uuid, integer, uuid) from public;
