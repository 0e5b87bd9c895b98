-- Also created by migration 000001: the RLS policies there call it, so it must exist
-- before them. This file is its source from then on.
create or replace function evently.current_user_id() returns uuid
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  return nullif(current_setting('jwt.claims.user_id', true), '')::uuid;
end;
$$;
comment on function evently.current_user_id() is
  E'The id of the user this request acts for (jwt.claims.user_id), or null for anonymous callers. Errors: none.';
revoke all on function evently.current_user_id() from public;
grant execute on function evently.current_user_id() to evently_anonymous, evently_user;
