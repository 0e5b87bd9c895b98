create or replace function evently.booking_stats(
  out events_upcoming integer,
  out events_sold_out integer,
  out tickets_sold integer,
  out tickets_held integer,
  out bookings_last_24h integer,
  out cancellations_last_24h integer,
  out revenue_cents_last_24h bigint
)
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  perform evently_private.require_admin();
  -- Upcoming published events only: the counters are maintained by the booking
  -- functions, so this reads events rows, not millions of bookings.
  select count(*)::integer,
         count(*) filter (where e.capacity - e.booked - e.held <= 0 or e.waiting > 0)::integer,
         coalesce(sum(e.booked), 0)::integer,
         coalesce(sum(e.held), 0)::integer
    into events_upcoming, events_sold_out, tickets_sold, tickets_held
    from evently.events e
   where e.status = 'published' and e.starts_at > now();
  select count(*)::integer, coalesce(sum(b.total_cents) filter (where b.status = 'confirmed'), 0)::bigint
    into bookings_last_24h, revenue_cents_last_24h
    from evently.bookings b where b.created_at >= now() - interval '24 hours';
  select count(*)::integer into cancellations_last_24h
    from evently.bookings b where b.cancelled_at >= now() - interval '24 hours';
end;
$$;
comment on function evently.booking_stats() is
  E'Admin: a live summary for dashboards: upcoming published events, how many are sold out (counting held tickets, and any with people on the waitlist), tickets sold and held for them, and bookings, cancellations and revenue of the last 24 hours. Errors: EVAUT, EVFBD.';
revoke all on function evently.booking_stats() from public;
grant execute on function evently.booking_stats() to evently_user;
