create or replace function evently.release_hold(hold_id uuid) returns evently.holds
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_hold evently.holds := evently_private.lock_hold(release_hold.hold_id);
begin
  if v_hold.id is null or (v_hold.user_id <> v_user_id and not evently.current_user_is_admin()) then
    raise exception 'Hold not found' using errcode = 'EVNFD';
  end if;
  if v_hold.status <> 'active' then
    raise exception 'Hold is already %', v_hold.status using errcode = 'EVHNA';
  end if;
  return evently_private.close_hold(v_hold, 'released');
end;
$$;
comment on function evently.release_hold(uuid) is
  E'Gives the tickets of an active hold back (its owner, or an admin). Errors: EVAUT, EVNFD, EVHNA.';
revoke all on function evently.release_hold(uuid) from public;
grant execute on function evently.release_hold(uuid) to evently_anonymous, evently_user;
