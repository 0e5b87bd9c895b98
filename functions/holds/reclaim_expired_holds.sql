create or replace function evently_private.reclaim_expired_holds(p_event_id uuid) returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_released integer;
begin
  -- Lock order everywhere: event row, then its holds, then its bookings.
  perform 1 from evently.events where id = p_event_id for no key update;
  with expired as (
    update evently.holds
       set status = 'expired', closed_at = now()
     where event_id = p_event_id and status = 'active' and expires_at <= now()
    returning id, quantity
  ), freed_seats as (
    update evently.event_seats s set status = 'available', hold_id = null
      from expired where s.hold_id = expired.id
    returning s.id
  )
  select coalesce(sum(quantity), 0)::integer into v_released from expired;
  if v_released > 0 then
    update evently.events set held = held - v_released where id = p_event_id;
    -- Expired offers: their entries become 'expired' (with a notification).
    perform evently_private.settle_offer(h) from evently.holds h
     where h.event_id = p_event_id and h.status = 'expired' and h.closed_at = now() and h.waitlist_entry_id is not null;
    perform evently_private.promote_waitlist(p_event_id);
  end if;
  return v_released;
end;
$$;
comment on function evently_private.reclaim_expired_holds(uuid) is
  E'Marks every expired active hold of the event as expired and gives its tickets back; returns the number of tickets freed. The booking functions call it when an event looks sold out, so an expired hold never blocks a sale even with no worker running.';
revoke all on function evently_private.reclaim_expired_holds(uuid) from public;
