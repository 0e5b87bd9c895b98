create or replace function evently_private.enter_waitlist(
  p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer
) returns evently.waitlist_entries
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_event evently.events;
  v_entry evently.waitlist_entries;
begin
  -- Per-user limits first (the advisory lock comes before the event row in the lock order).
  perform evently_private.lock_and_check_ticket_limit(p_event, p_user_id, p_quantity);
  if p_type.id is not null then
    perform evently_private.check_ticket_type_limit(p_type, p_user_id, p_quantity);
  end if;
  -- One position sequence per event: lines of different types interleave in join order.
  update evently.events e set waitlist_seq = waitlist_seq + 1, waiting = waiting + 1
   where e.id = p_event.id
  returning * into v_event;
  begin
    insert into evently.waitlist_entries (event_id, user_id, quantity, position, ticket_type_id)
    values (v_event.id, p_user_id, p_quantity, v_event.waitlist_seq, p_type.id)
    returning * into v_entry;
  exception when unique_violation then
    if p_type.id is null then
      raise exception 'You are already on the waitlist for this event' using errcode = 'EVWLD';
    end if;
    raise exception 'You are already on the waitlist for "%" tickets', p_type.name using errcode = 'EVWLD';
  end;
  -- Tickets may be free right now (or free up for this party): offer at once.
  perform evently_private.promote_waitlist(v_event.id);
  select * into v_entry from evently.waitlist_entries w where w.id = v_entry.id;
  return v_entry;
end;
$$;
comment on function evently_private.enter_waitlist(evently.events, evently.ticket_types, uuid, integer) is
  E'Puts the user on the event''s waitlist (the line of p_type when given) for a party of p_quantity at the next position, after the per-user checks (callers check the waiting room: the waitlist is no way around it, since it may offer free tickets at once), and makes any offer that is possible at once. Errors: EVLIM, EVQTY, EVWLD.';
revoke all on function evently_private.enter_waitlist(evently.events, evently.ticket_types, uuid, integer) from public;
