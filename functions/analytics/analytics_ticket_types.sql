create or replace function evently.analytics_ticket_types(event_id uuid) returns table (
  ticket_type_id uuid, name text, price_cents integer, capacity integer, held integer, booked integer,
  available integer, bookings integer, cancelled_bookings integer, revenue_cents bigint, sell_through double precision
)
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  perform evently_private.require_admin();
  if not exists (select 1 from evently.events e where e.id = analytics_ticket_types.event_id) then
    raise exception 'Event not found' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  -- Per type, in the event's order: its counters, and its bookings (bookings_ticket_type_idx).
  return query
  select t.id, t.name, t.price_cents, t.capacity, t.held, t.booked, evently.ticket_types_available(t),
         b.confirmed, b.cancelled, b.revenue,
         round(t.booked::numeric / t.capacity, 4)::double precision
    from evently.ticket_types t
    cross join lateral (
      select count(*) filter (where x.status = 'confirmed')::integer as confirmed,
             count(*) filter (where x.status = 'cancelled')::integer as cancelled,
             coalesce(sum(x.total_cents) filter (where x.status = 'confirmed'), 0)::bigint as revenue
        from evently.bookings x where x.ticket_type_id = t.id
    ) b
   where t.event_id = analytics_ticket_types.event_id
   order by t.sort_order, t.name;
end;
$$;
comment on function evently.analytics_ticket_types(uuid) is
  E'Admin: the event''s sales by ticket type: price, capacity, held, booked, available now, confirmed and cancelled bookings, revenue (confirmed) and sell-through (booked / capacity). Errors: EVAUT, EVFBD, EVNFD.';
revoke all on function evently.analytics_ticket_types(uuid) from public;
grant execute on function evently.analytics_ticket_types(uuid) to evently_anonymous, evently_user;
