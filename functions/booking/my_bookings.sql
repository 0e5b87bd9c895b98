create or replace function evently.my_bookings(upcoming boolean default null) returns setof evently.bookings
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select b.*
    from evently.bookings b
    join evently.events e on e.id = b.event_id
   where b.user_id = evently.current_user_id()
     and (my_bookings.upcoming is null or (e.starts_at > now()) = my_bookings.upcoming)
   order by b.created_at desc, b.id;
$$;
comment on function evently.my_bookings(boolean) is
  E'The current user''s bookings, newest first; upcoming => true for events not yet started, false for past ones. Errors: none.';
revoke all on function evently.my_bookings(boolean) from public;
grant execute on function evently.my_bookings(boolean) to evently_anonymous, evently_user;
