create or replace function evently.events_available(e evently.events) returns integer
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- What a buyer can hold or book right now, by the same rules take_capacity applies:
  -- nothing once the event is cancelled or has started, and nothing while anyone is on
  -- the waitlist (freed tickets belong to the line: promote_waitlist offers them, or keeps
  -- them for a large party at its head). Expired holds that no worker has released yet do
  -- not reduce availability.
  -- With ticket types, also no more than their free tickets together (those on sale now,
  -- and none of a type anyone waits for: each type has its own waitlist).
  select case when e.status <> 'published' or e.starts_at <= now()
                or (e.waiting > 0 and not exists (select 1 from evently.ticket_types t where t.event_id = e.id)) then 0 else
    least(
      greatest(0, e.capacity - e.booked - coalesce((
        select sum(h.quantity)::integer from evently.holds h
         where h.event_id = e.id and h.status = 'active' and h.expires_at > now()), 0)),
      (select sum(evently_private.ticket_type_free(t))::integer from evently.ticket_types t where t.event_id = e.id))
  end;
$$;
comment on function evently.events_available(evently.events) is
  E'Tickets that can be held or booked now: capacity minus booked minus unexpired holds (with ticket types, at most their free tickets on sale now together); 0 when the event is cancelled or has started, or while anyone is on its waitlist (freed tickets go to the waitlist first; with ticket types, per type). Errors: none.';
revoke all on function evently.events_available(evently.events) from public;
grant execute on function evently.events_available(evently.events) to evently_anonymous, evently_user;
