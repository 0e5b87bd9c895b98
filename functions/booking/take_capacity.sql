create or replace function evently_private.take_capacity(p_event_id uuid, p_quantity integer, p_into text, p_ticket_type_id uuid default null)
  returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_status text;
  v_sold_out boolean;
begin
  if p_into is null or p_into not in ('held', 'booked') then
    raise exception 'take_capacity: p_into must be ''held'' or ''booked'', got %', p_into;
  end if;
  -- One atomic conditional UPDATE: the row lock plus the WHERE re-check under READ
  -- COMMITTED means concurrent buyers can never both take the last ticket.
  for v_attempt in 1..2 loop
    update evently.events
       set held = held + case when p_into = 'held' then p_quantity else 0 end,
           booked = booked + case when p_into = 'booked' then p_quantity else 0 end
     where id = p_event_id and status = 'published' and capacity - held - booked >= p_quantity
       -- While anyone waits, freed tickets belong to the waitlist (promote_waitlist). With
       -- ticket types each type has its own line: the type's counter trigger checks it.
       and (waiting = 0 or p_ticket_type_id is not null)
    returning capacity - held - booked = 0 into v_sold_out;
    if found then
      -- This transaction took the last ticket (under the row lock: exactly one does per
      -- time the event sells out): organizers' webhooks hear of it.
      if v_sold_out then
        perform evently_private.queue_webhook_event('event.sold_out', p_event_id, null);
      end if;
      return;
    end if;
    exit when v_attempt = 2;
    -- Looks sold out, but expired holds may still be counted in held. Free them, then
    -- retry once. Retry even when this call freed nothing: a concurrent transaction
    -- may just have freed them, after this statement's snapshot was taken.
    if exists (select 1 from evently.holds
                where event_id = p_event_id and status = 'active' and expires_at <= now()) then
      perform evently_private.reclaim_expired_holds(p_event_id);
    end if;
  end loop;
  select status into v_status from evently.events where id = p_event_id;
  if v_status = 'cancelled' then
    raise exception 'Event is cancelled' using errcode = 'EVECN';
  end if;
  raise exception 'Sold out: fewer than % tickets left', p_quantity using errcode = 'EVSLD';
end;
$$;
comment on function evently_private.take_capacity(uuid, integer, text, uuid) is
  E'Atomically counts quantity tickets of the event into the counter p_into (''held'' for a hold, ''booked'' for a direct booking); raises EVSLD when not enough remain after reclaiming expired holds, or while a waitlist is waiting (for a ticket type, p_ticket_type_id: its own waitlist, checked by the type''s counter trigger). Errors: EVECN, EVSLD, EVSTK.';
revoke all on function evently_private.take_capacity(uuid, integer, text, uuid) from public;
