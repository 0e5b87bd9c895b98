create or replace function evently_private.require_user() returns uuid
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently.current_user_id();
begin
  if v_user_id is null then
    raise exception 'You must be signed in to do this' using errcode = 'EVAUT';
  end if;
  -- A valid token may outlive its account; answer that clearly instead of failing later
  -- on a foreign key.
  if not exists (select 1 from evently.users where id = v_user_id) then
    raise exception 'Your account no longer exists; sign in again' using errcode = 'EVAUT';
  end if;
  return v_user_id;
end;
$$;
comment on function evently_private.require_user() is
  E'The current user id; raises EVAUT when the caller is anonymous or the account no longer exists. Errors: EVAUT.';
revoke all on function evently_private.require_user() from public;
