create or replace function evently_private.bookable_event(p_event_id uuid) returns evently.events
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_event evently.events;
begin
  if p_event_id is null then
    raise exception 'event_id is required' using errcode = 'EVINV', detail = 'event_id';
  end if;
  select * into v_event from evently.events where id = p_event_id;
  if not found then
    raise exception 'Event not found' using errcode = 'EVNFD';
  end if;
  if v_event.status = 'cancelled' then
    raise exception 'Event "%" is cancelled', v_event.name using errcode = 'EVECN';
  end if;
  if v_event.starts_at <= now() then
    raise exception 'Event "%" has already started', v_event.name using errcode = 'EVPST';
  end if;
  return v_event;
end;
$$;
comment on function evently_private.bookable_event(uuid) is
  E'The event if tickets may be held or booked for it now; raises EVINV, EVNFD, EVECN or EVPST. Errors: EVECN, EVINV, EVNFD, EVPST.';
revoke all on function evently_private.bookable_event(uuid) from public;
