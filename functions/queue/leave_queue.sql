create or replace function evently.leave_queue(event_id uuid) returns evently.queue_entries
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_entry evently.queue_entries;
begin
  -- The room row first, as every write to the queue takes it (see join_queue).
  perform 1 from evently.waiting_rooms r where r.event_id = leave_queue.event_id for update;
  update evently.queue_entries q
     set status = 'left', admitted_at = null, admission_expires_at = null
   where q.event_id = leave_queue.event_id and q.user_id = v_user_id
  returning * into v_entry;
  if not found then
    raise exception 'You are not in this event''s waiting room' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  return v_entry;
end;
$$;
comment on function evently.leave_queue(uuid) is
  E'Takes the current user out of the event''s waiting room (also giving up an admission); joining again goes to the back. Errors: EVAUT, EVNFD.';
revoke all on function evently.leave_queue(uuid) from public;
grant execute on function evently.leave_queue(uuid) to evently_anonymous, evently_user;
