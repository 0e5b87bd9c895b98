create or replace function evently_private.assign_best_seats(p_hold evently.holds, p_section text, p_category text)
  returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_ids uuid[] := evently_private.best_available_seats(p_hold.event_id, p_hold.quantity, p_section, p_category);
  v_taken integer;
begin
  if cardinality(v_ids) < p_hold.quantity
     and exists (select 1 from evently.holds h
                  where h.event_id = p_hold.event_id and h.status = 'active' and h.expires_at <= now()) then
    perform evently_private.reclaim_expired_holds(p_hold.event_id);
    v_ids := evently_private.best_available_seats(p_hold.event_id, p_hold.quantity, p_section, p_category);
  end if;
  if cardinality(v_ids) < p_hold.quantity then
    -- take_capacity found room in the event, so only the section/category filter can be short.
    raise exception 'Sold out: fewer than % free seats%', p_hold.quantity,
      case when p_section is not null then format(' in section "%s"', p_section) else '' end
      || case when p_category is not null then format(' in category "%s"', p_category) else '' end
      using errcode = 'EVSLD';
  end if;
  update evently.event_seats set status = 'held', hold_id = p_hold.id
   where id = any (v_ids) and status = 'available';
  get diagnostics v_taken = row_count;
  if v_taken <> p_hold.quantity then
    -- Cannot happen while the event row lock serializes seat changes; refuse rather than half-hold.
    raise exception 'Seats changed while being held' using errcode = 'EVSTK';
  end if;
end;
$$;
comment on function evently_private.assign_best_seats(evently.holds, text, text) is
  E'Marks the best available seats (optionally within a section/category) as held by the hold; raises EVSLD when too few are free. Errors: EVSLD, EVSTK.';
revoke all on function evently_private.assign_best_seats(evently.holds, text, text) from public;
