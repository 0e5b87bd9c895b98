create or replace function evently.release_hold(hold_id uuid) returns evently.holds
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_hold evently.holds := evently_private.lock_own_active_hold(release_hold.hold_id, v_user_id, p_admin_may => true);
begin
  select * into v_hold from evently_private.close_holds(array[v_hold.id], 'released');
  return v_hold;
end;
$$;
comment on function evently.release_hold(uuid) is
  E'Gives the tickets of an active hold back (its owner, or an admin). Errors: EVAUT, EVNFD, EVHNA.';
revoke all on function evently.release_hold(uuid) from public;
grant execute on function evently.release_hold(uuid) to evently_anonymous, evently_user;
