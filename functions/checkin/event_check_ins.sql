create or replace function evently.event_check_ins(
  event_id uuid,
  out tickets integer,
  out checked_in integer,
  out remaining integer,
  out last_check_in_at timestamptz
)
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
begin
  if not exists (select 1 from evently.events e where e.id = event_check_ins.event_id) then
    raise exception 'Event not found' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  -- security definer: door staff count tickets RLS keeps from them (counts only).
  if not evently.current_user_is_admin()
     and not exists (select 1 from evently.door_staff d where d.event_id = event_check_ins.event_id and d.user_id = v_user_id) then
    raise exception 'You are not door staff for this event' using errcode = 'EVDSF', detail = 'event_id';
  end if;
  -- A ticket checked in and cancelled afterwards counts as neither (it admits no one now).
  select count(*)::integer, count(*) filter (where t.checked_in_at is not null)::integer,
         max(t.checked_in_at)
    into tickets, checked_in, last_check_in_at
    from evently.tickets t
   where t.event_id = event_check_ins.event_id and t.status = 'valid';
  remaining := tickets - checked_in;
end;
$$;
comment on function evently.event_check_ins(uuid) is
  E'Door staff of the event or an admin: its valid tickets, how many are checked in, how many are still to come, and the latest check-in. Errors: EVAUT, EVNFD, EVDSF.';
revoke all on function evently.event_check_ins(uuid) from public;
grant execute on function evently.event_check_ins(uuid) to evently_anonymous, evently_user;
