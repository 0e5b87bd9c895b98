create or replace function evently_private.close_holds(p_hold_ids uuid[], p_status text) returns setof evently.holds
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_closed evently.holds[];
begin
  if p_status is null or p_status not in ('confirmed', 'released', 'expired', 'cancelled') then
    raise exception 'close_holds: p_status must be confirmed, released, expired or cancelled, got %', p_status;
  end if;
  -- The one way a hold ends. Callers hold the event row lock (lock_hold, or the event
  -- row itself); status = 'active' makes closing twice a no-op.
  with closed as (
    update evently.holds h set status = p_status, closed_at = now()
     where h.id = any (p_hold_ids) and h.status = 'active'
    returning h.*
  )
  select array_agg(c) into v_closed from closed c;
  if v_closed is null then
    return;
  end if;
  if p_status <> 'confirmed' then
    update evently.events e set held = e.held - freed.quantity
      from (select c.event_id, sum(c.quantity)::integer as quantity from unnest(v_closed) c group by c.event_id) freed
     where e.id = freed.event_id;
    update evently.event_seats s set status = 'available', hold_id = null
     where s.hold_id = any (select c.id from unnest(v_closed) c);
  end if;
  -- Always: a closed hold's expiry job has nothing left to do.
  perform graphile_worker.remove_job('expire_hold:' || c.id) from unnest(v_closed) c;
  perform evently_private.settle_offer(c) from unnest(v_closed) c where c.waitlist_entry_id is not null;
  if p_status <> 'confirmed' then
    -- Freed tickets go to the waitlist in this same transaction (a cancelled event's
    -- promote_waitlist offers nothing).
    perform evently_private.promote_waitlist(d.event_id) from (select distinct c.event_id from unnest(v_closed) c) d;
  end if;
  return query select * from unnest(v_closed);
end;
$$;
comment on function evently_private.close_holds(uuid[], text) is
  E'Ends the given holds that are still active with p_status (confirmed, released, expired or cancelled) and returns them. Unless confirmed, their tickets and seats go back on sale, to the waitlist first. Settles waitlist offers'' entries and removes every expiry job. The caller holds the event row lock. Errors: none (an unknown status is a programming error).';
revoke all on function evently_private.close_holds(uuid[], text) from public;
