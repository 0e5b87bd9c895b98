create or replace function evently_private.promote_waitlist(p_event_id uuid) returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_event evently.events;
  v_head evently.waitlist_entries;
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
  loop
    exit when v_event.capacity - v_event.held - v_event.booked <= 0;
    select * into v_head from evently.waitlist_entries
     where event_id = p_event_id and status = 'waiting' order by position limit 1 for update;
    exit when not found;
    if v_head.quantity <= v_event.capacity - v_event.held - v_event.booked then
      v_next := v_head;
    else
      -- Large-party policy: smaller parties behind may be offered tickets the head cannot
      -- use, but only 3 times; after that freed tickets accumulate for the head.
      exit when v_head.skipped >= 3;
      select * into v_next from evently.waitlist_entries
       where event_id = p_event_id and status = 'waiting'
         and quantity <= v_event.capacity - v_event.held - v_event.booked
       order by position limit 1 for update;
      exit when not found;
      update evently.waitlist_entries set skipped = skipped + 1 where id = v_head.id;
    end if;
    perform evently_private.make_offer(v_event, v_next);
    v_offers := v_offers + 1;
    select * into v_event from evently.events where id = p_event_id;
  end loop;
  return v_offers;
end;
$$;
comment on function evently_private.promote_waitlist(uuid) is
  E'Offers the event''s free tickets to waiting entries in position order (a hold with the event''s offer_ttl each). A party larger than the free tickets may be passed over by smaller parties at most 3 times; then free tickets accumulate for it. Returns the number of offers made. Errors: EVSLD, EVSTK.';
revoke all on function evently_private.promote_waitlist(uuid) from public;
