create or replace function evently.leave_waitlist(entry_id uuid) returns evently.waitlist_entries
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_entry evently.waitlist_entries;
begin
  -- Lock order: event row, then the entry (and its offer hold).
  perform 1 from evently.events e
   where e.id = (select w.event_id from evently.waitlist_entries w where w.id = leave_waitlist.entry_id)
     for no key update;
  select * into v_entry from evently.waitlist_entries w where w.id = leave_waitlist.entry_id for update;
  if not found or (v_entry.user_id <> v_user_id and not evently.current_user_is_admin()) then
    raise exception 'Waitlist entry not found' using errcode = 'EVNFD';
  end if;
  if v_entry.status not in ('waiting', 'offered') then
    raise exception 'Waitlist entry is already %', v_entry.status using errcode = 'EVWNA';
  end if;
  if v_entry.status = 'waiting' then
    update evently.events e set waiting = waiting - 1 where e.id = v_entry.event_id;
  end if;
  update evently.waitlist_entries w set status = 'left', updated_at = now() where w.id = v_entry.id
  returning * into v_entry;
  -- An open offer goes back, to the next in line.
  perform evently_private.close_holds(
    array(select h.id from evently.holds h where h.waitlist_entry_id = v_entry.id and h.status = 'active'), 'released');
  -- A head that left may have kept free tickets back for its party: the next in line gets them.
  perform evently_private.promote_waitlist(v_entry.event_id);
  return v_entry;
end;
$$;
comment on function evently.leave_waitlist(uuid) is
  E'Takes the current user''s entry off the waitlist (an open offer is released to the next in line). Errors: EVAUT, EVNFD, EVWNA.';
revoke all on function evently.leave_waitlist(uuid) from public;
grant execute on function evently.leave_waitlist(uuid) to evently_anonymous, evently_user;
