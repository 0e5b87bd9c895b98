create or replace function evently.current_user() returns evently.users
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  select * from evently.users where id = evently.current_user_id();
$$;
comment on function evently.current_user() is E'The signed-in user, or null for anonymous callers. Errors: none.';
revoke all on function evently.current_user() from public;
grant execute on function evently.current_user() to evently_anonymous, evently_user;
