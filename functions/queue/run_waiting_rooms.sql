create or replace function evently_private.run_waiting_rooms() returns integer
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Safety net (crontab, every minute): a room whose job chain broke (a worker killed
  -- mid-run) still moves within a minute.
  select count(evently_private.run_waiting_room(r.event_id))::integer
    from evently.waiting_rooms r
   where r.opens_at <= now()
     and exists (select 1 from evently.queue_entries q where q.event_id = r.event_id and q.status = 'waiting');
$$;
comment on function evently_private.run_waiting_rooms() is
  E'Runs every open waiting room that has people waiting (run_waiting_room); returns how many were re-armed. Errors: none.';
revoke all on function evently_private.run_waiting_rooms() from public;
