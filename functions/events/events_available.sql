create or replace function evently.events_available(e evently.events) returns integer
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Expired holds that no worker has released yet do not reduce availability.
  select case when e.status = 'cancelled' then 0 else
    e.capacity - e.booked - coalesce((
      select sum(h.quantity)::integer from evently.holds h
       where h.event_id = e.id and h.status = 'active' and h.expires_at > now()), 0)
  end;
$$;
comment on function evently.events_available(evently.events) is
  E'Tickets that can be held or booked now (capacity minus booked minus unexpired holds; 0 when cancelled). Errors: none.';
revoke all on function evently.events_available(evently.events) from public;
grant execute on function evently.events_available(evently.events) to evently_anonymous, evently_user;
