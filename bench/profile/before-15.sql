-- The booking path's outbox and payload as they were before issue 15 (an add_job per
-- notification, the payload's ticket codes read back with a join), for the same-run A/B
-- of bench/profile/hot-path.ts. Applied only to the profile's throwaway database.
create or replace function evently_private.queue_notification(
  p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb default '{}'
) returns uuid
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_id uuid;
begin
  -- The outbox row and its delivery job commit or roll back with the change they
  -- report: a rolled-back booking never sends "booking confirmed".
  insert into evently.notifications (user_id, kind, event_id, payload)
  values (p_user_id, p_kind, p_event_id, coalesce(p_payload, '{}'))
  returning id into v_id;
  perform graphile_worker.add_job('send_notification', json_build_object('notification_id', v_id),
    max_attempts => 10, job_key => 'send_notification:' || v_id);
  return v_id;
end;
$$;
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
  if p_event.seating = 'reserved' then
    -- Seats come from the hold; each seat is priced by its category.
    insert into evently.bookings (event_id, user_id, hold_id, quantity, total_cents)
    values (p_event.id, p_user_id, p_hold_id, p_quantity,
            (select coalesce(sum(price_cents), 0) from evently.event_seats where hold_id = p_hold_id))
    returning * into v_booking;
    update evently.event_seats set status = 'booked', booking_id = v_booking.id, hold_id = null
     where hold_id = p_hold_id;
    insert into evently.tickets (booking_id, event_id, user_id, seat_id)
    select v_booking.id, p_event.id, p_user_id, s.id
      from evently.event_seats s where s.booking_id = v_booking.id
     order by s.section, s.row_label, s.seat_number;
  else
    insert into evently.bookings (event_id, user_id, hold_id, quantity, total_cents)
    values (p_event.id, p_user_id, p_hold_id, p_quantity, p_event.price_cents * p_quantity)
    returning * into v_booking;
    insert into evently.tickets (booking_id, event_id, user_id)
    select v_booking.id, p_event.id, p_user_id from generate_series(1, p_quantity);
  end if;
  perform evently_private.queue_notification(p_user_id, 'booking_confirmed', p_event.id, jsonb_build_object(
    'booking_id', v_booking.id, 'quantity', v_booking.quantity, 'total_cents', v_booking.total_cents,
    'tickets', (select jsonb_agg(jsonb_build_object('code', t.code, 'seat', s.label) order by s.section, s.row_label, s.seat_number, t.code)
                  from evently.tickets t left join evently.event_seats s on s.id = t.seat_id
                 where t.booking_id = v_booking.id)));
  return v_booking;
end;
$$;
