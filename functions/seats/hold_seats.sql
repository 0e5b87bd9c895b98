create or replace function evently.hold_seats(event_id uuid, seat_ids uuid[]) returns evently.holds
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(hold_seats.event_id);
begin
  if v_event.seating <> 'reserved' then
    raise exception 'Event "%" has no reserved seating; use hold_tickets', v_event.name using errcode = 'EVSEA';
  end if;
  if hold_seats.seat_ids is null or cardinality(hold_seats.seat_ids) = 0 then
    raise exception 'seat_ids must name at least one seat' using errcode = 'EVQTY', detail = 'seat_ids';
  end if;
  if array_position(hold_seats.seat_ids, null) is not null
     or cardinality(hold_seats.seat_ids) <> (select count(distinct s) from unnest(hold_seats.seat_ids) s) then
    raise exception 'seat_ids must not contain nulls or repeats' using errcode = 'EVINV', detail = 'seat_ids';
  end if;
  if (select count(*) from evently.event_seats s
       where s.event_id = v_event.id and s.id = any (hold_seats.seat_ids)) < cardinality(hold_seats.seat_ids) then
    raise exception 'Seat not found in this event' using errcode = 'EVNFD', detail = 'seat_ids';
  end if;
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  return evently_private.place_hold(v_event, v_user_id, cardinality(hold_seats.seat_ids), hold_seats.seat_ids,
                                    p_expiry_job => true);
end;
$$;
comment on function evently.hold_seats(uuid, uuid[]) is
  E'Holds exactly these seats (ids from event_seat_map) for the current user, all or nothing. Confirm with confirm_hold. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVSEA, EVQTY, EVLIM, EVSTK (a seat is taken), EVSLD, EVQAD.';
revoke all on function evently.hold_seats(uuid, uuid[]) from public;
grant execute on function evently.hold_seats(uuid, uuid[]) to evently_anonymous, evently_user;
