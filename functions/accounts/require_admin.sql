create or replace function evently_private.require_admin() returns uuid
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
begin
  -- Checked against evently.users, not the JWT role claim, so a DBA's promotion or
  -- demotion takes effect on the next call, not when the token expires.
  if not evently.current_user_is_admin() then
    raise exception 'Only admins may do this' using errcode = 'EVFBD';
  end if;
  return v_user_id;
end;
$$;
comment on function evently_private.require_admin() is
  E'The current user id if that user is an admin; raises EVAUT or EVFBD otherwise. Errors: EVAUT, EVFBD.';
revoke all on function evently_private.require_admin() from public;
