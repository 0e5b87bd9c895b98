create or replace function evently_private.reclaim_expired_holds(p_event_id uuid) returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_released integer;
begin
  -- Lock order everywhere: event row, then its holds, then its bookings.
  perform 1 from evently.events where id = p_event_id for no key update;
  select coalesce(sum(c.quantity), 0)::integer into v_released
    from evently_private.close_holds(
      array(select h.id from evently.holds h
             where h.event_id = p_event_id and h.status = 'active' and h.expires_at <= now()),
      'expired') c;
  return v_released;
end;
$$;
comment on function evently_private.reclaim_expired_holds(uuid) is
  E'Closes every expired active hold of the event as expired (close_holds: tickets back, offers settled, waitlist promoted) and returns the number of tickets freed. The booking functions call it when an event looks sold out, so an expired hold never blocks a sale even with no worker running. Errors: none.';
revoke all on function evently_private.reclaim_expired_holds(uuid) from public;
