create or replace function evently_private.count_ticket_type_holds() returns trigger
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_type evently.ticket_types;
begin
  -- A ticket type's held counter follows its holds, whichever function opens or ends them
  -- (place, confirm, release, decline, expire, reclaim, cancel_event): one trigger, so no
  -- path can forget it. Taking is the conditional UPDATE (never beyond the type's capacity;
  -- CHECK ticket_types_counters behind it). Lock order: callers took the event row first.
  if tg_op = 'INSERT' then
    if new.status = 'active' then
      for v_attempt in 1..2 loop
        -- While anyone waits for the type, its free tickets are theirs: only a waitlist
        -- offer (make_offer) may take them.
        update evently.ticket_types t set held = t.held + new.quantity
         where t.id = new.ticket_type_id and t.event_id = new.event_id and t.held + t.booked + new.quantity <= t.capacity
           and (t.waiting = 0 or new.waitlist_entry_id is not null)
        returning * into v_type;
        exit when found or v_attempt = 2;
        -- Expired holds may still be counted (as take_capacity does for the event).
        perform evently_private.reclaim_expired_holds(new.event_id);
      end loop;
      if v_type.id is null then
        select * into v_type from evently.ticket_types t where t.id = new.ticket_type_id and t.event_id = new.event_id;
        if v_type.waiting > 0 then
          raise exception 'Sold out: "%" tickets that free up go to its waitlist', v_type.name
            using errcode = 'EVSLD', detail = 'ticket_type_id';
        end if;
        raise exception 'Sold out: fewer than % "%" tickets left', new.quantity, v_type.name
          using errcode = 'EVSLD', detail = 'ticket_type_id';
      end if;
    end if;
  elsif old.status = 'active' and new.status <> 'active' then
    update evently.ticket_types t set held = t.held - old.quantity where t.id = old.ticket_type_id and t.event_id = old.event_id;
  end if;
  return null;
end;
$$;
comment on function evently_private.count_ticket_type_holds() is
  E'Trigger (after insert or update of status on evently.holds, rows with a ticket type): counts an active hold into its type''s held counter, never beyond the type''s capacity and, unless it is a waitlist offer, not while anyone waits for the type (EVSLD, after reclaiming expired holds), and out again when the hold ends. Errors: EVSLD.';
revoke all on function evently_private.count_ticket_type_holds() from public;
