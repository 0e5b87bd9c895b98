create or replace function evently.my_notifications() returns setof evently.notifications
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select n.*
    from evently.notifications n
   where n.user_id = evently.current_user_id()
   order by n.created_at desc, n.id;
$$;
comment on function evently.my_notifications() is
  E'The current user''s notifications (booking confirmed or cancelled, waitlist offers, event changes), newest first. Signed-in users only. Errors: none.';
revoke all on function evently.my_notifications() from public;
grant execute on function evently.my_notifications() to evently_user;
