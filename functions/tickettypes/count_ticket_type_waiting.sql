create or replace function evently_private.count_ticket_type_waiting() returns trigger
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- A ticket type's waiting counter follows its waitlist entries, whichever function moves
  -- them on (offer, leave, cancel_event): one trigger, as for held and booked. The caller
  -- holds the event row lock (join_waitlist, make_offer, leave_waitlist, cancel_event).
  if tg_op = 'INSERT' then
    if new.status = 'waiting' then
      update evently.ticket_types t set waiting = t.waiting + 1 where t.id = new.ticket_type_id and t.event_id = new.event_id;
    end if;
  elsif old.status = 'waiting' and new.status <> 'waiting' then
    update evently.ticket_types t set waiting = t.waiting - 1 where t.id = old.ticket_type_id and t.event_id = old.event_id;
  end if;
  return null;
end;
$$;
comment on function evently_private.count_ticket_type_waiting() is
  E'Trigger (after insert or update of status on evently.waitlist_entries, rows with a ticket type): counts a waiting entry into its type''s waiting counter and out again when it is offered, leaves or is cancelled. Errors: none.';
revoke all on function evently_private.count_ticket_type_waiting() from public;
