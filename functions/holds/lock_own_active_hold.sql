create or replace function evently_private.lock_own_active_hold(
  p_hold_id uuid, p_user_id uuid, p_admin_may boolean default false
) returns evently.holds
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_hold evently.holds := evently_private.lock_hold(p_hold_id);
begin
  -- Someone else's hold is "not found": its existence is not revealed.
  if v_hold.id is null or (v_hold.user_id <> p_user_id and not (p_admin_may and evently.current_user_is_admin())) then
    raise exception 'Hold not found' using errcode = 'EVNFD';
  end if;
  if v_hold.status <> 'active' then
    raise exception 'Hold is already %', v_hold.status using errcode = 'EVHNA';
  end if;
  return v_hold;
end;
$$;
comment on function evently_private.lock_own_active_hold(uuid, uuid, boolean) is
  E'Locks the hold and its event (lock_hold) and returns it if it belongs to p_user_id (or p_admin_may and the caller is an admin) and is still active. Expiry is left to the caller (confirm refuses an expired hold, release does not). Errors: EVNFD, EVHNA.';
revoke all on function evently_private.lock_own_active_hold(uuid, uuid, boolean) from public;
