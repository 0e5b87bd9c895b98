-- Also created by migration 000001: the RLS policies there call it, so it must exist
-- before them. This file is its source from then on.
create or replace function evently.current_user_id() returns uuid
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select nullif(current_setting('jwt.claims.user_id', true), '')::uuid;
$$;
comment on function evently.current_user_id() is
  E'The id of the user this request acts for (jwt.claims.user_id), or null for anonymous callers. Errors: none.';
revoke all on function evently.current_user_id() from public;
grant execute on function evently.current_user_id() to evently_anonymous, evently_user;
