create or replace function evently_private.count_ticket_type_bookings() returns trigger
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_type evently.ticket_types;
begin
  -- As count_ticket_type_holds, for booked: a confirmed booking counts into its type (a
  -- confirmed hold has just left held, so that always fits), a cancelled one out again.
  if tg_op = 'INSERT' then
    if new.status = 'confirmed' then
      for v_attempt in 1..2 loop
        -- A direct booking (no hold) waits behind the type's waitlist, as holds do.
        update evently.ticket_types t set booked = t.booked + new.quantity
         where t.id = new.ticket_type_id and t.event_id = new.event_id and t.held + t.booked + new.quantity <= t.capacity
           and (t.waiting = 0 or new.hold_id is not null)
        returning * into v_type;
        exit when found or v_attempt = 2;
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
  elsif old.status = 'confirmed' and new.status <> 'confirmed' then
    update evently.ticket_types t set booked = t.booked - old.quantity where t.id = old.ticket_type_id and t.event_id = old.event_id;
  end if;
  return null;
end;
$$;
comment on function evently_private.count_ticket_type_bookings() is
  E'Trigger (after insert or update of status on evently.bookings, rows with a ticket type): counts a confirmed booking into its type''s booked counter, never beyond the type''s capacity and, unless it confirms a hold, not while anyone waits for the type (EVSLD, after reclaiming expired holds), and out again when it is cancelled. Errors: EVSLD.';
revoke all on function evently_private.count_ticket_type_bookings() from public;
