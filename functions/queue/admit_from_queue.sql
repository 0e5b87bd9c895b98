create or replace function evently_private.admit_from_queue(p_event_id uuid) returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_room evently.waiting_rooms;
  v_allowed bigint;
  v_admitted integer;
  -- The clock, not the transaction's start: a join that waited for the room's lock must not
  -- count the wait as time the rate allows, and admission times then follow the line.
  v_now timestamptz := clock_timestamp();
begin
  -- Under the room row's lock (a join in the same transaction already holds it).
  select * into v_room from evently.waiting_rooms r where r.event_id = p_event_id for update;
  v_now := clock_timestamp();
  if not found or v_room.opens_at > v_now then
    return 0;
  end if;
  -- The rate as a budget: at most admission_rate per minute since counting_since, in all.
  v_allowed := floor(v_room.admission_rate * extract(epoch from v_now - v_room.counting_since) / 60)::bigint
               - (v_room.admitted - v_room.admitted_before);
  if v_allowed <= 0 then
    return 0;
  end if;
  with next_in_line as (
    select q.id
      from evently.queue_entries q
     where q.event_id = p_event_id and q.status = 'waiting'
     order by q.position
     limit v_allowed
  ), admitted as (
    update evently.queue_entries q
       set status = 'admitted', admitted_at = v_now, admission_expires_at = v_now + v_room.admission_window
      from next_in_line n
     where q.id = n.id
    returning q.user_id, q.admission_expires_at
  )
  select count(evently_private.queue_notification(a.user_id, 'queue_admitted', p_event_id,
           jsonb_build_object('admission_expires_at', a.admission_expires_at)))::integer
    into v_admitted
    from admitted a;
  if v_admitted > 0 then
    update evently.waiting_rooms r set admitted = r.admitted + v_admitted where r.event_id = p_event_id;
    -- Live positions: the same channel as availability (eventChanged), once per transaction.
    if coalesce(current_setting('evently.live_updates', true), '') <> 'off' then
      perform pg_notify('evently_event:' || p_event_id::text, '');
    end if;
  end if;
  return v_admitted;
end;
$$;
comment on function evently_private.admit_from_queue(uuid) is
  E'Admits the next people waiting in the event''s queue, in position order, as many as the rate allows now (admission_rate per minute since counting_since, in all), each until the clock + admission_window, with a queue_admitted notification. Returns how many. Errors: none.';
revoke all on function evently_private.admit_from_queue(uuid) from public;
