create or replace function evently_private.promote_waitlist(p_event_id uuid) returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_event evently.events;
  v_next evently.waitlist_entries;
  v_offers integer := 0;
begin
  -- Runs in the transaction that freed capacity, holding the event row lock, so two
  -- transactions never offer the same freed tickets and running it twice offers nothing
  -- new (only free capacity is offered).
  select * into v_event from evently.events where id = p_event_id for no key update;
  if not found or v_event.status <> 'published' or v_event.starts_at <= now() or v_event.waiting = 0 then
    return 0;
  end if;
  -- Expired offers and holds never block the line: any committed change on the event
  -- passes them on, worker or not (reclaiming calls back in here to make the offers).
  if exists (select 1 from evently.holds
              where event_id = p_event_id and status = 'active' and expires_at <= now()) then
    perform evently_private.reclaim_expired_holds(p_event_id);
    select * into v_event from evently.events where id = p_event_id;
  end if;
  -- One line per ticket type (one line for an event without types). The first entry in
  -- position order whose party fits both the event's free tickets and its type's (a type
  -- on sale now) is offered. Large-party policy, per line: parties behind a line's head
  -- may be offered tickets the head cannot use only 3 times; then that line's freed
  -- tickets accumulate for its head (the type's own waiting counter keeps them from
  -- direct sale; on an event without types, the event's does).
  loop
    exit when v_event.capacity - v_event.held - v_event.booked <= 0;
    select w.* into v_next
      from evently.waitlist_entries w
      left join evently.ticket_types t on t.id = w.ticket_type_id and t.event_id = p_event_id
     where w.event_id = p_event_id and w.status = 'waiting'
       and w.quantity <= v_event.capacity - v_event.held - v_event.booked
       and (w.ticket_type_id is null
            or (w.quantity <= t.capacity - t.held - t.booked
                and (t.sales_start is null or t.sales_start <= now())
                and (t.sales_end is null or t.sales_end > now())))
       -- The per-person limits, as they stand now: a user who bought meanwhile (another
       -- type, or another line's offer) is offered only what still fits.
       and w.quantity + evently_private.live_tickets(p_event_id, w.user_id) <= v_event.max_tickets_per_user
       and (t.max_tickets_per_user is null
            or w.quantity + evently_private.live_tickets(p_event_id, w.user_id, t.id) <= t.max_tickets_per_user)
       and not exists (select 1 from evently.waitlist_entries h
                        where h.event_id = p_event_id and h.status = 'waiting'
                          and h.ticket_type_id is not distinct from w.ticket_type_id
                          and h.position < w.position and h.skipped >= 3)
     order by w.position
     limit 1
       for update of w;
    exit when not found;
    -- The line's head, when passed over, counts it.
    update evently.waitlist_entries h set skipped = skipped + 1
     where h.id = (select f.id from evently.waitlist_entries f
                    where f.event_id = p_event_id and f.status = 'waiting'
                      and f.ticket_type_id is not distinct from v_next.ticket_type_id
                    order by f.position limit 1)
       and h.id <> v_next.id;
    perform evently_private.make_offer(v_event, v_next);
    v_offers := v_offers + 1;
    select * into v_event from evently.events where id = p_event_id;
  end loop;
  return v_offers;
end;
$$;
comment on function evently_private.promote_waitlist(uuid) is
  E'Offers the event''s free tickets to waiting entries in position order (a hold with the event''s offer_ttl each), each line (ticket type) only its type''s free tickets on sale now, and only while the party still fits its user''s per-person limits. A party larger than the free tickets may be passed over by smaller parties of its line at most 3 times; then free tickets accumulate for it. Returns the number of offers made. Errors: EVSLD, EVSTK.';
revoke all on function evently_private.promote_waitlist(uuid) from public;
