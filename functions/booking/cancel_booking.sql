create or replace function evently.cancel_booking(booking_id uuid) returns evently.bookings
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_is_admin boolean := evently.current_user_is_admin();
  v_booking evently.bookings;
  v_event evently.events;
begin
  -- Lock order: event row, then the booking.
  select * into v_event from evently.events e
   where e.id = (select b.event_id from evently.bookings b where b.id = cancel_booking.booking_id)
     for no key update;
  select * into v_booking from evently.bookings b where b.id = cancel_booking.booking_id for update;
  -- Someone else's booking is "not found": its existence is not revealed.
  if not found or (v_booking.user_id <> v_user_id and not v_is_admin) then
    raise exception 'Booking not found' using errcode = 'EVNFD';
  end if;
  if v_booking.status = 'cancelled' then
    raise exception 'Booking is already cancelled' using errcode = 'EVBCN';
  end if;
  if v_event.starts_at <= now() and not v_is_admin then
    raise exception 'Event "%" has already started', v_event.name using errcode = 'EVPST';
  end if;
  update evently.bookings b set status = 'cancelled', cancelled_at = now()
   where b.id = v_booking.id
  returning * into v_booking;
  update evently.tickets t set status = 'cancelled' where t.booking_id = v_booking.id;
  update evently.event_seats s set status = 'available', booking_id = null where s.booking_id = v_booking.id;
  update evently.events e set booked = booked - v_booking.quantity where e.id = v_booking.event_id;
  perform evently_private.queue_notification(v_booking.user_id, 'booking_cancelled', v_booking.event_id,
    jsonb_build_object('booking_id', v_booking.id, 'quantity', v_booking.quantity));
  perform evently_private.promote_waitlist(v_booking.event_id);
  return v_booking;
end;
$$;
comment on function evently.cancel_booking(uuid) is
  E'Cancels a confirmed booking (its owner before the event starts, or an admin); its tickets become void and go back on sale (seats too), to the waitlist first. Errors: EVAUT, EVNFD, EVBCN, EVPST.';
revoke all on function evently.cancel_booking(uuid) from public;
grant execute on function evently.cancel_booking(uuid) to evently_anonymous, evently_user;
