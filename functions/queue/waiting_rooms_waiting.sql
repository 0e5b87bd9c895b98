create or replace function evently.waiting_rooms_waiting(r evently.waiting_rooms) returns bigint
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- security definer: counts everyone's entries, which RLS hides; a count tells nobody who.
  select count(*) from evently.queue_entries q where q.event_id = r.event_id and q.status = 'waiting';
$$;
comment on function evently.waiting_rooms_waiting(evently.waiting_rooms) is
  E'How many people are waiting in the room''s line now. Computed column WaitingRoom.waiting. Errors: none.';
revoke all on function evently.waiting_rooms_waiting(evently.waiting_rooms) from public;
grant execute on function evently.waiting_rooms_waiting(evently.waiting_rooms) to evently_anonymous, evently_user;
