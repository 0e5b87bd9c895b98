create or replace function evently_private.expire_hold(hold_id uuid) returns boolean
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_hold evently.holds := evently_private.lock_hold(expire_hold.hold_id);
begin
  -- Idempotent: a hold already confirmed, released or expired is left alone, and one
  -- whose expiry was extended is not released early.
  if v_hold.id is null or v_hold.status <> 'active' or v_hold.expires_at > now() then
    return false;
  end if;
  perform evently_private.close_holds(array[v_hold.id], 'expired');
  return true;
end;
$$;
comment on function evently_private.expire_hold(uuid) is
  E'Releases one hold if it is still active and past expires_at (the expire_hold job). Returns whether it did. Errors: EVSLD, EVSTK.';
revoke all on function evently_private.expire_hold(uuid) from public;
