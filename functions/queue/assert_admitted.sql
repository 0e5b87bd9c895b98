create or replace function evently_private.assert_admitted(p_event_id uuid, p_user_id uuid) returns void
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_entry evently.queue_entries;
begin
  -- Most events have no waiting room: one primary-key probe, and done.
  if not exists (select 1 from evently.waiting_rooms r where r.event_id = p_event_id) then
    return;
  end if;
  select * into v_entry from evently.queue_entries q where q.event_id = p_event_id and q.user_id = p_user_id;
  if found and v_entry.status = 'admitted' and v_entry.admission_expires_at > now() then
    return;
  end if;
  if not found or v_entry.status = 'left' then
    raise exception 'This on-sale has a waiting room: join the queue first' using errcode = 'EVQAD', detail = 'not_in_queue';
  elsif v_entry.status = 'waiting' then
    raise exception 'You are still waiting in the queue' using errcode = 'EVQAD', detail = 'waiting';
  else
    raise exception 'Your admission expired at %: join the queue again', v_entry.admission_expires_at
      using errcode = 'EVQAD', detail = 'admission_expired';
  end if;
end;
$$;
comment on function evently_private.assert_admitted(uuid, uuid) is
  E'Nothing when the event has no waiting room or the user''s admission is current; raises EVQAD otherwise (detail not_in_queue, waiting or admission_expired). Errors: EVQAD.';
revoke all on function evently_private.assert_admitted(uuid, uuid) from public;
