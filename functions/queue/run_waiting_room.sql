create or replace function evently_private.run_waiting_room(p_event_id uuid) returns timestamptz
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_room evently.waiting_rooms;
  v_next timestamptz;
begin
  perform evently_private.admit_from_queue(p_event_id);
  select r.* into v_room
    from evently.waiting_rooms r join evently.events e on e.id = r.event_id
   where r.event_id = p_event_id and e.status <> 'cancelled' and e.starts_at > now();
  if not found or not exists (select 1 from evently.queue_entries q where q.event_id = p_event_id and q.status = 'waiting') then
    -- Nobody waiting (or the sale is over): the next join re-arms the job.
    return null;
  end if;
  -- When the rate allows the next admission, but not more often than once a second (a
  -- fast room admits a second's worth per run).
  v_next := greatest(
    v_room.opens_at,
    v_room.counting_since + (v_room.admitted - v_room.admitted_before + 1) * interval '60 seconds' / v_room.admission_rate,
    now() + interval '1 second');
  perform evently_private.schedule_admissions(p_event_id, v_next);
  return v_next;
end;
$$;
comment on function evently_private.run_waiting_room(uuid) is
  E'The admit_from_queue job: admits what the rate allows, then queues its next run while people are waiting and the event is on sale. Returns the next run''s time (null: none). Errors: none.';
revoke all on function evently_private.run_waiting_room(uuid) from public;
