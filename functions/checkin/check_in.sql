create or replace function evently.check_in(code text, event_id uuid default null) returns evently.check_in_result
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_is_admin boolean := evently.current_user_is_admin();
  v_code text := lower(btrim(check_in.code));
  v_ticket evently.tickets;
  v_ticket_id uuid;
  v_event evently.events;
  v_by text;
  v_result evently.check_in_result;
begin
  -- security definer: door staff read and mark tickets that RLS keeps from them; who may
  -- is checked here, before anything about the code is told.
  if check_in.event_id is not null then
    if not exists (select 1 from evently.events e where e.id = check_in.event_id) then
      raise exception 'Event not found' using errcode = 'EVNFD', detail = 'event_id';
    end if;
    if not v_is_admin and not exists (select 1 from evently.door_staff d
                                       where d.event_id = check_in.event_id and d.user_id = v_user_id) then
      raise exception 'You are not door staff for this event' using errcode = 'EVDSF', detail = 'event_id';
    end if;
  elsif not v_is_admin and not exists (select 1 from evently.door_staff d where d.user_id = v_user_id) then
    raise exception 'You are not door staff for any event' using errcode = 'EVDSF';
  end if;
  if v_code is null or v_code = '' or length(v_code) > 200 then
    raise exception 'code must be a ticket code' using errcode = 'EVINV', detail = 'code';
  end if;

  select * into v_ticket from evently.tickets t where t.code = v_code;
  if not found then
    raise exception 'Unknown ticket: no ticket has this code' using errcode = 'EVTUK', detail = 'code';
  end if;
  select * into v_event from evently.events e where e.id = v_ticket.event_id;
  if check_in.event_id is not null and v_ticket.event_id <> check_in.event_id then
    raise exception 'This ticket is for another event: "%" on %', v_event.name,
      to_char(v_event.starts_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
      using errcode = 'EVTWE', detail = 'code';
  end if;
  if not v_is_admin and not exists (select 1 from evently.door_staff d
                                     where d.event_id = v_ticket.event_id and d.user_id = v_user_id) then
    raise exception 'You are not door staff for "%", the event of this ticket', v_event.name using errcode = 'EVDSF', detail = 'code';
  end if;

  -- The one way a ticket gets used: this conditional UPDATE. Of concurrent scans of one
  -- ticket, the first takes the row lock and sets checked_in_at; the others wait, find
  -- the WHERE clause false on the committed row and update nothing.
  if v_ticket.status = 'valid' and v_ticket.checked_in_at is null then
    v_ticket_id := v_ticket.id; -- an UPDATE that finds no row sets v_ticket to nulls
    update evently.tickets t set checked_in_at = now(), checked_in_by = v_user_id
     where t.id = v_ticket_id and t.status = 'valid' and t.checked_in_at is null
    returning * into v_ticket;
    if found then
      insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
      values (v_user_id, 'ticket.checked_in', 'ticket', v_ticket.id,
              jsonb_build_object('event_id', v_ticket.event_id, 'booking_id', v_ticket.booking_id));
      select v_ticket.id, v_ticket.code, v_event.id, v_event.name, v_ticket.booking_id,
             (select u.name from evently.users u where u.id = v_ticket.user_id),
             (select s.label from evently.event_seats s where s.id = v_ticket.seat_id),
             v_ticket.checked_in_at, v_ticket.checked_in_by
        into v_result;
      return v_result;
    end if;
    -- Lost the race (or cancelled meanwhile): this statement's snapshot sees the winner.
    select * into strict v_ticket from evently.tickets t where t.id = v_ticket_id;
  end if;
  if v_ticket.status = 'cancelled' then
    raise exception 'Ticket cancelled: it does not admit anyone' using errcode = 'EVTCN', detail = 'code';
  end if;
  select u.name into v_by from evently.users u where u.id = v_ticket.checked_in_by;
  raise exception 'Ticket already used: checked in at % by %',
    to_char(v_ticket.checked_in_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"'),
    coalesce(v_by, 'a former staff member')
    using errcode = 'EVTUS', detail = 'code',
          hint = format('checked_in_at=%s checked_in_by=%s', v_ticket.checked_in_at, v_ticket.checked_in_by);
end;
$$;
comment on function evently.check_in(text, uuid) is
  E'Door staff of the ticket''s event (evently.grant_door_staff) or an admin: marks the ticket with this code used, exactly once, and records it in audit_log; with event_id, only tickets of that event are accepted (scanning at its door). A second scan is refused with when and by whom the ticket was used. Errors: EVAUT, EVINV (code), EVNFD (event_id), EVDSF (not door staff for the event), EVTUK (unknown code), EVTWE (ticket of another event), EVTCN (cancelled ticket), EVTUS (already used: when and by whom).';
revoke all on function evently.check_in(text, uuid) from public;
grant execute on function evently.check_in(text, uuid) to evently_anonymous, evently_user;
