create or replace function evently.revoke_door_staff(event_id uuid, user_id uuid) returns evently.door_staff
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_grant evently.door_staff;
begin
  -- security definer: no API role may delete from door_staff. Tickets already checked
  -- in by this user stay checked in (checked_in_by keeps naming them).
  delete from evently.door_staff d
   where d.event_id = revoke_door_staff.event_id and d.user_id = revoke_door_staff.user_id
  returning * into v_grant;
  if not found then
    raise exception 'This user is not door staff of this event' using errcode = 'EVNFD', detail = 'user_id';
  end if;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'door_staff.revoked', 'event', v_grant.event_id, jsonb_build_object('user_id', v_grant.user_id));
  return v_grant;
end;
$$;
comment on function evently.revoke_door_staff(uuid, uuid) is
  E'Admin: takes back a user''s door-staff grant for this event (their past check-ins stay); returns the grant removed. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD (no such grant).';
revoke all on function evently.revoke_door_staff(uuid, uuid) from public;
grant execute on function evently.revoke_door_staff(uuid, uuid) to evently_anonymous, evently_user;
