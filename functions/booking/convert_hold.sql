create or replace function evently_private.convert_hold(p_hold evently.holds) returns evently.bookings
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_event evently.events;
begin
  -- The caller has locked the event and the hold and checked it is active and unexpired.
  -- held -> booked in one statement: capacity is unchanged, so the CHECK cannot fail.
  update evently.events set held = held - p_hold.quantity, booked = booked + p_hold.quantity
   where id = p_hold.event_id
  returning * into v_event;
  perform evently_private.close_holds(array[p_hold.id], 'confirmed');
  return evently_private.issue_booking(v_event, p_hold.user_id, p_hold.quantity, p_hold.id,
    (select t from evently.ticket_types t where t.id = p_hold.ticket_type_id));
end;
$$;
comment on function evently_private.convert_hold(evently.holds) is
  E'Turns a locked, active hold into a confirmed booking (tickets and, for reserved seating, its seats). Errors: EVSLD, EVSTK.';
revoke all on function evently_private.convert_hold(evently.holds) from public;
