create or replace function evently.join_queue(event_id uuid) returns evently.queue_entries
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(join_queue.event_id);
  v_room evently.waiting_rooms;
  v_entry evently.queue_entries;
begin
  -- The room row is the queue's lock: positions are handed out in the order joins take it.
  update evently.waiting_rooms r set last_position = r.last_position + 1
   where r.event_id = v_event.id
  returning * into v_room;
  if not found then
    raise exception 'Event "%" has no waiting room: tickets can be held and booked directly', v_event.name
      using errcode = 'EVQNR';
  end if;
  select * into v_entry from evently.queue_entries q where q.event_id = v_room.event_id and q.user_id = v_user_id;
  if found and (v_entry.status = 'waiting' or v_entry.admission_expires_at > now()) then
    -- Already in line or admitted: joining again changes nothing (the position handed out
    -- above stays unused; positions are an order, not a count).
    return v_entry;
  end if;
  if found then
    -- Left, or admitted and never used in time: to the back of the line.
    update evently.queue_entries q
       set position = v_room.last_position, status = 'waiting', joined_at = now(),
           admitted_at = null, admission_expires_at = null
     where q.id = v_entry.id
    returning * into v_entry;
  else
    insert into evently.queue_entries (event_id, user_id, position)
    values (v_room.event_id, v_user_id, v_room.last_position)
    returning * into v_entry;
  end if;
  -- Admit at once what the rate allows (a quiet queue lets people straight through); the
  -- admissions job takes over when a line forms.
  if evently_private.admit_from_queue(v_room.event_id) = 0 then
    perform evently_private.schedule_admissions(v_room.event_id, greatest(now(), v_room.opens_at), false);
  end if;
  select * into v_entry from evently.queue_entries q where q.id = v_entry.id;
  return v_entry;
end;
$$;
comment on function evently.join_queue(uuid) is
  E'Puts the current user in the event''s waiting room at the next position (joining again while waiting or admitted returns the same entry; after leaving or an expired admission, at the back). Admitted at once when the line and the rate allow; otherwise watch queue_entries_people_ahead and the queue_admitted notification. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQNR.';
revoke all on function evently.join_queue(uuid) from public;
grant execute on function evently.join_queue(uuid) to evently_anonymous, evently_user;
