create or replace function evently_private.booking_confirmed_payload(p_booking evently.bookings, p_tickets jsonb)
  returns jsonb
  language plpgsql immutable
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- One shape for every booking_confirmed notification, booked alone (issue_booking) or in a
  -- batch's group (book_tickets_group); p_tickets is [{code, seat}].
  return jsonb_build_object('booking_id', p_booking.id, 'quantity', p_booking.quantity,
                            'total_cents', p_booking.total_cents, 'tickets', p_tickets);
end;
$$;
comment on function evently_private.booking_confirmed_payload(evently.bookings, jsonb) is
  E'The payload of a booking_confirmed notification: booking_id, quantity, total_cents and tickets ([{code, seat}]). Errors: none.';
revoke all on function evently_private.booking_confirmed_payload(evently.bookings, jsonb) from public;
