create or replace function evently_private.make_offer(p_event evently.events, p_entry evently.waitlist_entries)
  returns evently.holds
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_hold evently.holds;
begin
  -- The caller (promote_waitlist) holds the event row lock and checked the tickets fit;
  -- the conditional update stays as the guard.
  update evently.events set held = held + p_entry.quantity, waiting = waiting - 1
   where id = p_event.id and capacity - held - booked >= p_entry.quantity;
  if not found then
    raise exception 'Waitlist offer does not fit' using errcode = 'EVSLD';
  end if;
  -- A typed entry's hold takes its type's tickets (the hold's trigger; offers pass the
  -- type's waitlist check, being its waitlist).
  insert into evently.holds (event_id, user_id, quantity, expires_at, waitlist_entry_id, ticket_type_id)
  values (p_event.id, p_entry.user_id, p_entry.quantity, now() + p_event.offer_ttl, p_entry.id, p_entry.ticket_type_id)
  returning * into v_hold;
  if p_event.seating = 'reserved' then
    perform evently_private.assign_best_seats(v_hold, null, null);
  end if;
  update evently.waitlist_entries set status = 'offered', updated_at = now() where id = p_entry.id;
  perform evently_private.queue_hold_expiry(v_hold.id, v_hold.expires_at, v_hold.event_id);
  perform evently_private.queue_notification(p_entry.user_id, 'waitlist_offer', p_event.id,
    jsonb_build_object('hold_id', v_hold.id, 'quantity', v_hold.quantity, 'expires_at', v_hold.expires_at)
      || case when v_hold.ticket_type_id is null then '{}'::jsonb else jsonb_build_object('ticket_type_id', v_hold.ticket_type_id) end);
  return v_hold;
end;
$$;
comment on function evently_private.make_offer(evently.events, evently.waitlist_entries) is
  E'Turns a waiting entry into an offer: a hold of its quantity (of its ticket type, if any) (best seats on reserved events) until now() + offer_ttl, its expiry job and a waitlist_offer notification. Errors: EVSLD, EVSTK.';
revoke all on function evently_private.make_offer(evently.events, evently.waitlist_entries) from public;
