create or replace function evently.join_waitlist(event_id uuid, quantity integer) returns evently.waitlist_entries
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(join_waitlist.event_id);
  v_entry evently.waitlist_entries;
begin
  -- The waitlist is no way around a waiting room: it may offer free tickets at once.
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  -- Offers are holds of the whole event; per-type waitlists do not exist yet.
  if exists (select 1 from evently.ticket_types t where t.event_id = v_event.id) then
    raise exception 'Event "%" has ticket types: its waitlist is not available', v_event.name using errcode = 'EVTTW';
  end if;
  -- Per-user limit first (its advisory lock comes before the event row in the lock order).
  perform evently_private.lock_and_check_ticket_limit(v_event, v_user_id, join_waitlist.quantity);
  update evently.events e set waitlist_seq = waitlist_seq + 1, waiting = waiting + 1
   where e.id = v_event.id
  returning * into v_event;
  begin
    insert into evently.waitlist_entries (event_id, user_id, quantity, position)
    values (v_event.id, v_user_id, join_waitlist.quantity, v_event.waitlist_seq)
    returning * into v_entry;
  exception when unique_violation then
    raise exception 'You are already on the waitlist for this event' using errcode = 'EVWLD';
  end;
  -- Tickets may be free right now (or free up for this party): offer at once.
  perform evently_private.promote_waitlist(v_event.id);
  select * into v_entry from evently.waitlist_entries w where w.id = v_entry.id;
  return v_entry;
end;
$$;
comment on function evently.join_waitlist(uuid, integer) is
  E'Puts the current user on the event''s waitlist for a party of quantity, at the next position. When tickets free up they are offered in position order as a hold (see waitlist_offer notifications); accept with confirm_hold, decline with decline_offer. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVWLD, EVTTW, EVQAD.';
revoke all on function evently.join_waitlist(uuid, integer) from public;
grant execute on function evently.join_waitlist(uuid, integer) to evently_anonymous, evently_user;
