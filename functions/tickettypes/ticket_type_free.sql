create or replace function evently_private.ticket_type_free(p_type evently.ticket_types) returns integer
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  -- The type's own free tickets now (unexpired holds count, as in events_available), 0
  -- outside its sales window. events_available sums it over an event's types;
  -- ticket_types_available caps it by the event.
  -- 0 too while anyone waits for the type: its freed tickets are offered to them.
  select case when p_type.sales_start > now() or p_type.sales_end <= now() or p_type.waiting > 0 then 0 else
    greatest(0, p_type.capacity - p_type.booked - coalesce((
      select sum(h.quantity)::integer from evently.holds h
       where h.event_id = p_type.event_id and h.ticket_type_id = p_type.id
         and h.status = 'active' and h.expires_at > now()), 0))
  end;
$$;
comment on function evently_private.ticket_type_free(evently.ticket_types) is
  E'A ticket type''s own free tickets now: capacity minus booked minus unexpired holds, 0 outside its sales window or while anyone is on its waitlist (not capped by the event). Errors: none.';
revoke all on function evently_private.ticket_type_free(evently.ticket_types) from public;
