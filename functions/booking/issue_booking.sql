create or replace function evently_private.issue_booking(
  p_event evently.events, p_user_id uuid, p_quantity integer, p_hold_id uuid,
  p_type evently.ticket_types default null
) returns evently.bookings
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_booking evently.bookings;
  v_tickets jsonb;
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
    with issued as (
      insert into evently.tickets (booking_id, event_id, user_id, seat_id)
      select v_booking.id, p_event.id, p_user_id, s.id
        from evently.event_seats s where s.booking_id = v_booking.id
       order by s.section, s.row_label, s.seat_number
      returning code, seat_id
    )
    select jsonb_agg(jsonb_build_object('code', i.code, 'seat', s.label) order by s.section, s.row_label, s.seat_number)
      into v_tickets
      from issued i join evently.event_seats s on s.id = i.seat_id;
  else
    -- A ticket type's own price (its insert trigger counts it into the type's booked).
    insert into evently.bookings (event_id, user_id, hold_id, quantity, total_cents, ticket_type_id)
    values (p_event.id, p_user_id, p_hold_id, p_quantity, coalesce(p_type.price_cents, p_event.price_cents) * p_quantity,
            p_type.id)
    returning * into v_booking;
    -- The codes come back from the insert itself: no second look at the tickets.
    if p_quantity = 1 then
      -- One ticket (most of a rush) with one plain statement: the set-returning form below
      -- is estimated at 1,000 rows when planned generically, so PostgreSQL planned it anew
      -- for every booking (about 4 % of a hot-event booking's database CPU, measured).
      insert into evently.tickets (booking_id, event_id, user_id)
      values (v_booking.id, p_event.id, p_user_id)
      returning jsonb_build_array(jsonb_build_object('code', code, 'seat', null)) into v_tickets;
    else
      with issued as (
        insert into evently.tickets (booking_id, event_id, user_id)
        select v_booking.id, p_event.id, p_user_id from generate_series(1, p_quantity)
        returning code
      )
      select jsonb_agg(jsonb_build_object('code', code, 'seat', null) order by code) into v_tickets from issued;
    end if;
  end if;
  perform evently_private.queue_notification(p_user_id, 'booking_confirmed', p_event.id,
    evently_private.booking_confirmed_payload(v_booking, v_tickets));
  return v_booking;
end;
$$;
comment on function evently_private.issue_booking(evently.events, uuid, integer, uuid, evently.ticket_types) is
  E'Inserts a confirmed booking (of p_type at its price, when given) and one ticket per person (per seat, for reserved seating, moving the hold''s seats to booked); and its booking_confirmed notification (ticket codes); the caller has already counted the tickets in events.booked. Errors: none registered.';
revoke all on function evently_private.issue_booking(evently.events, uuid, integer, uuid, evently.ticket_types) from public;
