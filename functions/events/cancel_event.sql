create or replace function evently.cancel_event(event_id uuid, reason text default null) returns evently.events
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
  v_holds integer;
  v_bookings integer;
  v_tickets integer;
begin
  -- Event row first: no hold or booking can slip in between the cancellations below
  -- and the counter reset.
  select * into v_event from evently.events e where e.id = cancel_event.event_id for no key update;
  if not found then
    raise exception 'Event not found' using errcode = 'EVNFD';
  end if;
  if v_event.status = 'cancelled' then
    raise exception 'Event "%" is already cancelled', v_event.name using errcode = 'EVECN';
  end if;
  -- Cancelled first: the holds closed below then offer nothing to the waitlist.
  update evently.events e set status = 'cancelled', cancelled_at = now(), updated_at = now()
   where e.id = v_event.id;
  select count(*) into v_holds
    from evently_private.close_holds(
      array(select h.id from evently.holds h where h.event_id = v_event.id and h.status = 'active'), 'cancelled');
  update evently.bookings b set status = 'cancelled', cancelled_at = now()
   where b.event_id = v_event.id and b.status = 'confirmed';
  get diagnostics v_bookings = row_count;
  update evently.tickets t set status = 'cancelled' where t.event_id = v_event.id and t.status = 'valid';
  get diagnostics v_tickets = row_count;
  update evently.waitlist_entries w set status = 'cancelled', updated_at = now()
   where w.event_id = v_event.id and w.status in ('waiting', 'offered');
  update evently.event_seats s set status = 'available', hold_id = null, booking_id = null
   where s.event_id = v_event.id and s.status <> 'available';
  update evently.events e set booked = 0, waiting = 0
   where e.id = v_event.id
  returning * into v_event;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'event.cancelled', 'event', v_event.id,
          jsonb_build_object('reason', cancel_event.reason, 'holds_cancelled', v_holds,
                             'bookings_cancelled', v_bookings, 'tickets_cancelled', v_tickets));
  perform evently_private.notify_event_holders(v_event.id, 'event_cancelled', jsonb_build_object('reason', cancel_event.reason));
  perform evently_private.queue_webhook_event('event.cancelled', v_event.id, jsonb_build_object(
    'event_id', v_event.id, 'name', v_event.name, 'starts_at', v_event.starts_at, 'reason', cancel_event.reason,
    'bookings_cancelled', v_bookings, 'tickets_cancelled', v_tickets));
  return v_event;
end;
$$;
comment on function evently.cancel_event(uuid, text) is
  E'Admin: cancels an event, every active hold and every confirmed booking (tickets void), and records it in audit_log. Errors: EVAUT, EVFBD, EVNFD, EVECN (already cancelled).';
revoke all on function evently.cancel_event(uuid, text) from public;
grant execute on function evently.cancel_event(uuid, text) to evently_anonymous, evently_user;
