create or replace function evently.my_queue_entry(event_id uuid) returns evently.queue_entries
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select q.*
    from evently.queue_entries q
   where q.event_id = my_queue_entry.event_id and q.user_id = evently.current_user_id();
$$;
comment on function evently.my_queue_entry(uuid) is
  E'The current user''s place in the event''s waiting room (null when not in it); people_ahead and admitted_now tell where it stands. Errors: none.';
revoke all on function evently.my_queue_entry(uuid) from public;
grant execute on function evently.my_queue_entry(uuid) to evently_user;
