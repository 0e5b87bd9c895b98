-- Also created by migration 000001: the RLS policies there call it, so it must exist
-- before them. This file is its source from then on.
-- security definer: policies on other tables call this, and users' own RLS must not hide the row.
create or replace function evently.current_user_is_admin() returns boolean
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  return exists (select 1 from evently.users where id = evently.current_user_id() and role = 'admin');
end;
$$;
comment on function evently.current_user_is_admin() is
  E'True when the current user (jwt.claims.user_id) has role ''admin'' in evently.users right now. Errors: none.';
revoke all on function evently.current_user_is_admin() from public;
grant execute on function evently.current_user_is_admin() to evently_anonymous, evently_user;
