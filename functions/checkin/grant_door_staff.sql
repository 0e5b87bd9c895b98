create or replace function evently.grant_door_staff(event_id uuid, user_id uuid) returns evently.door_staff
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_grant evently.door_staff;
begin
  if not exists (select 1 from evently.events e where e.id = grant_door_staff.event_id) then
    raise exception 'Event not found' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  -- security definer: an admin may name any user, and RLS would show them all anyway;
  -- the definer also writes door_staff, which no API role may.
  if not exists (select 1 from evently.users u where u.id = grant_door_staff.user_id) then
    raise exception 'User not found' using errcode = 'EVNFD', detail = 'user_id';
  end if;
  -- Granting twice keeps the first grant (who and when) and records nothing new.
  insert into evently.door_staff (event_id, user_id, granted_by)
  values (grant_door_staff.event_id, grant_door_staff.user_id, v_admin_id)
  on conflict on constraint door_staff_pkey do nothing
  returning * into v_grant;
  if found then
    insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
    values (v_admin_id, 'door_staff.granted', 'event', v_grant.event_id, jsonb_build_object('user_id', v_grant.user_id));
    return v_grant;
  end if;
  select * into v_grant from evently.door_staff d
   where d.event_id = grant_door_staff.event_id and d.user_id = grant_door_staff.user_id;
  return v_grant;
end;
$$;
comment on function evently.grant_door_staff(uuid, uuid) is
  E'Admin: lets a user check tickets in at this event''s door (evently.check_in); granting again keeps the first grant. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD (event or user).';
revoke all on function evently.grant_door_staff(uuid, uuid) from public;
grant execute on function evently.grant_door_staff(uuid, uuid) to evently_anonymous, evently_user;
