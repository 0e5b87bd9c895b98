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
  return v_user_id;
end;
$$;
comment on function evently_private.require_user() is
  E'The current user id; raises EVAUT when the caller is anonymous.';
revoke all on function evently_private.require_user() from public;
