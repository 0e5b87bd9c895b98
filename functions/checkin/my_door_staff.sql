create or replace function evently.my_door_staff() returns setof evently.door_staff
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select d.*
    from evently.door_staff d
   where d.user_id = evently.current_user_id()
   order by d.granted_at desc, d.event_id;
$$;
comment on function evently.my_door_staff() is
  E'The events whose door the current user may check tickets in at (their door-staff grants), newest first. Signed-in users only. Errors: none.';
revoke all on function evently.my_door_staff() from public;
grant execute on function evently.my_door_staff() to evently_user;
