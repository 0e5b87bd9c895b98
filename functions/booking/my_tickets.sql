create or replace function evently.my_tickets() returns setof evently.tickets
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select t.*
    from evently.tickets t
   where t.user_id = evently.current_user_id()
   order by t.created_at desc, t.id;
$$;
comment on function evently.my_tickets() is
  E'The current user''s tickets (valid and cancelled), newest first. Signed-in users only. Errors: none.';
revoke all on function evently.my_tickets() from public;
grant execute on function evently.my_tickets() to evently_user;
