create or replace function evently.close_waiting_room(event_id uuid) returns evently.waiting_rooms
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_room evently.waiting_rooms;
begin
  -- Its queue entries go with it (cascade): the event is open to everyone again.
  delete from evently.waiting_rooms r where r.event_id = close_waiting_room.event_id returning * into v_room;
  if not found then
    raise exception 'This event has no waiting room' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  perform graphile_worker.remove_job('admit_from_queue:' || v_room.event_id);
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'waiting_room.closed', 'event', v_room.event_id,
          jsonb_build_object('joined', v_room.last_position, 'admitted', v_room.admitted));
  return v_room;
end;
$$;
comment on function evently.close_waiting_room(uuid) is
  E'Admin: removes the event''s waiting room and its queue; everyone may hold and book again. Returns the room as it was. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD.';
revoke all on function evently.close_waiting_room(uuid) from public;
grant execute on function evently.close_waiting_room(uuid) to evently_anonymous, evently_user;
