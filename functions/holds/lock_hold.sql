create or replace function evently_private.lock_hold(p_hold_id uuid) returns evently.holds
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_hold evently.holds;
begin
  -- Lock order everywhere: event row first, then the hold (see reclaim_expired_holds).
  perform 1 from evently.events e
   where e.id = (select h.event_id from evently.holds h where h.id = p_hold_id)
     for no key update;
  select * into v_hold from evently.holds where id = p_hold_id for update;
  return v_hold;
end;
$$;
comment on function evently_private.lock_hold(uuid) is
  E'Locks a hold and its event (in the house lock order) and returns the hold, or a null row when it does not exist. Errors: none.';
revoke all on function evently_private.lock_hold(uuid) from public;
