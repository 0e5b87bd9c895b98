create or replace function evently_private.place_hold(
  p_event evently.events, p_user_id uuid, p_quantity integer,
  p_seat_ids uuid[] default null, p_section text default null, p_category text default null,
  p_expiry_job boolean default false
) returns evently.holds
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_hold evently.holds;
  v_hold_id uuid := gen_random_uuid();
  v_expires_at timestamptz := now() + p_event.hold_ttl;
  v_looked_free boolean := coalesce(p_event.capacity - p_event.held - p_event.booked >= p_quantity and p_event.waiting = 0, false);
begin
  perform evently_private.lock_and_check_ticket_limit(p_event, p_user_id, p_quantity);
  -- The expiry record (queue_hold_expiry) before the event row is locked (it rolls back with
  -- the hold if this fails).
  if p_expiry_job then
    perform evently_private.queue_hold_expiry(v_hold_id, v_expires_at, p_event.id);
  end if;
  -- Looked sold out or waitlisted: take_capacity refuses before the hold is written (or
  -- finds tickets in expired holds).
  if not v_looked_free then
    perform evently_private.take_capacity(p_event.id, p_quantity, 'held');
  end if;
  insert into evently.holds (id, event_id, user_id, quantity, expires_at)
  values (v_hold_id, p_event.id, p_user_id, p_quantity, v_expires_at)
  returning * into v_hold;
  -- Looked free: the hold row went before the contended event row, so that row stays locked
  -- only for what needs it (the counter update, seat selection, the commit). The conditional
  -- update still decides, and a refusal rolls the hold back.
  if v_looked_free then
    perform evently_private.take_capacity(p_event.id, p_quantity, 'held');
  end if;
  if p_event.seating = 'reserved' then
    -- The counter update locks the event row until commit: seat selection runs alone for
    -- this event, so it sees every committed hold and never skips a seat that is merely
    -- locked (no false "sold out").
    if p_seat_ids is not null then
      perform evently_private.assign_seats(v_hold, p_seat_ids);
    else
      perform evently_private.assign_best_seats(v_hold, p_section, p_category);
    end if;
  end if;
  return v_hold;
end;
$$;
comment on function evently_private.place_hold(evently.events, uuid, integer, uuid[], text, text, boolean) is
  E'Checks the per-user limit, takes capacity and inserts an active hold; on a reserved-seating event also marks its seats (the given ones, or the best available). With p_expiry_job, also its expiry record for the relay (queue_hold_expiry), written before the event row is locked (book_tickets converts its hold at once and needs none). Errors: EVECN, EVLIM, EVQTY, EVSLD, EVSTK.';
revoke all on function evently_private.place_hold(evently.events, uuid, integer, uuid[], text, text, boolean) from public;
