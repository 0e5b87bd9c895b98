create or replace function evently_private.refuse_if_sold_out(
  p_event evently.events, p_user_id uuid, p_quantity integer, p_idempotency_key text
) returns void
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
  -- Its lookup of a key: the key table is often empty when planned (see book_tickets).
  set enable_seqscan to off
as $$
begin
  -- p_event: the event as book_tickets read it in this snapshot (all nulls when there is none).
  -- A sold-out rush is mostly refusals. This refuses one from the snapshot alone: no
  -- idempotency row written and rolled back, no per-user lock, and above all no wait for
  -- the event row that every booking of the event holds until its commit. Only when every
  -- error book_tickets would raise before EVSLD is ruled out here (so the answer is the
  -- same as the full path's); otherwise it returns and the full path decides. A ticket
  -- freed by a transaction that commits after this snapshot is, as in any serial order, one
  -- this request came too early for.
  if p_event.id is null or p_event.status <> 'published' or p_event.starts_at <= now() or p_event.seating <> 'general'
     or p_quantity is null or p_quantity < 1 or p_quantity > p_event.max_tickets_per_user
     or (p_event.capacity - p_event.held - p_event.booked >= p_quantity and p_event.waiting = 0) then
    return;
  end if;
  if p_idempotency_key is not null
     and exists (select 1 from evently_private.idempotency_keys k
                  where k.user_id = p_user_id and k.idempotency_key = p_idempotency_key) then
    return; -- a replay (or EVIDM): idempotency_begin answers
  end if;
  if not evently_private.books_directly(p_event.id)
     -- Expired holds still counted in held: take_capacity reclaims them.
     or exists (select 1 from evently.holds h
                 where h.event_id = p_event.id and h.status = 'active' and h.expires_at <= now()) then
    return;
  end if;
  -- EVLIM comes before EVSLD: the user's live tickets, read without the per-user lock (a
  -- concurrent request of the same user only moves which refusal this is).
  if evently_private.live_tickets(p_event.id, p_user_id) + p_quantity > p_event.max_tickets_per_user then
    return;
  end if;
  if p_idempotency_key is not null and not evently_private.valid_idempotency_key(p_idempotency_key) then
    return; -- EVIDK: idempotency_begin answers
  end if;
  if p_event.waiting > 0 then
    raise exception 'Sold out: tickets that free up go to the waitlist' using errcode = 'EVSLD';
  end if;
  raise exception 'Sold out: fewer than % tickets left', p_quantity using errcode = 'EVSLD';
end;
$$;
comment on function evently_private.refuse_if_sold_out(evently.events, uuid, integer, text) is
  E'Raises EVSLD at once when the event (general admission, no ticket types, no waiting room) is sold out in this snapshot, has no expired hold to reclaim, and book_tickets would raise no earlier error (idempotency replay or mismatch, bad key, EVQTY, EVLIM); returns otherwise, leaving the decision to the full path. Errors: EVSLD.';
revoke all on function evently_private.refuse_if_sold_out(evently.events, uuid, integer, text) from public;
