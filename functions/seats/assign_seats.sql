create or replace function evently_private.assign_seats(p_hold evently.holds, p_seat_ids uuid[]) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_taken integer;
  v_labels text;
begin
  -- Caller holds the event row lock (take_capacity), so no one else changes seats of
  -- this event until commit.
  update evently.event_seats set status = 'held', hold_id = p_hold.id
   where event_id = p_hold.event_id and id = any (p_seat_ids) and status = 'available';
  get diagnostics v_taken = row_count;
  if v_taken < p_hold.quantity
     and exists (select 1 from evently.event_seats s join evently.holds h on h.id = s.hold_id
                  where s.event_id = p_hold.event_id and s.id = any (p_seat_ids) and s.status = 'held'
                    and h.status = 'active' and h.expires_at <= now()) then
    -- Some wanted seats sit in expired holds: release those, then take them.
    perform evently_private.reclaim_expired_holds(p_hold.event_id);
    update evently.event_seats set status = 'held', hold_id = p_hold.id
     where event_id = p_hold.event_id and id = any (p_seat_ids) and status = 'available';
    select count(*) into v_taken from evently.event_seats where hold_id = p_hold.id;
  end if;
  if v_taken < p_hold.quantity then
    select string_agg(label, ', ' order by label) into v_labels
      from evently.event_seats
     where event_id = p_hold.event_id and id = any (p_seat_ids) and (hold_id is distinct from p_hold.id);
    raise exception 'Seat already taken: %', v_labels using errcode = 'EVSTK', detail = 'seat_ids';
  end if;
end;
$$;
comment on function evently_private.assign_seats(evently.holds, uuid[]) is
  E'Marks exactly the given seats as held by the hold, or raises EVSTK naming the seats someone else holds or booked (the whole transaction then rolls back). Errors: EVSLD, EVSTK.';
revoke all on function evently_private.assign_seats(evently.holds, uuid[]) from public;
