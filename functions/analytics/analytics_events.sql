create or replace function evently.analytics_events(
  order_by text default 'tickets',
  max_rows integer default 10,
  starts_after timestamptz default null,
  starts_before timestamptz default null
) returns table (
  event_id uuid, name text, starts_at timestamptz, status text, capacity integer,
  tickets_sold integer, revenue_cents bigint, utilization double precision
)
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  perform evently_private.require_admin();
  if order_by is null or order_by not in ('tickets', 'revenue', 'utilization') then
    raise exception 'order_by must be tickets, revenue or utilization' using errcode = 'EVINV', detail = 'order_by';
  end if;
  if max_rows is null or max_rows not between 1 and 100 then
    raise exception 'max_rows must be from 1 to 100' using errcode = 'EVINV', detail = 'max_rows';
  end if;
  -- tickets_sold is the events.booked counter (always equal to the confirmed bookings'
  -- tickets); revenue sums the confirmed bookings (prices may change after a sale)
  -- from the covering index bookings_event_confirmed_idx.
  return query
  select x.id, x.name, x.starts_at, x.status, x.capacity, x.booked, x.revenue, x.util
    from (
      select e.id, e.name, e.starts_at, e.status, e.capacity, e.booked,
             coalesce((select sum(b.total_cents) from evently.bookings b
                        where b.event_id = e.id and b.status = 'confirmed'), 0)::bigint as revenue,
             case when e.capacity > 0 then round(e.booked::numeric / e.capacity, 4)::double precision
                  else 0 end as util
        from evently.events e
       where (analytics_events.starts_after is null or e.starts_at >= analytics_events.starts_after)
         and (analytics_events.starts_before is null or e.starts_at < analytics_events.starts_before)
    ) x
   order by case analytics_events.order_by
              when 'tickets' then x.booked::double precision
              when 'revenue' then x.revenue::double precision
              else x.util
            end desc, x.starts_at, x.id
   limit analytics_events.max_rows;
end;
$$;
comment on function evently.analytics_events(text, integer, timestamptz, timestamptz) is
  E'Admin: top events (optionally only those starting in [starts_after, starts_before)) by tickets sold, revenue of confirmed bookings or capacity utilization (booked / capacity), at most max_rows (1-100). Errors: EVAUT, EVFBD, EVINV.';
revoke all on function evently.analytics_events(text, integer, timestamptz, timestamptz) from public;
grant execute on function evently.analytics_events(text, integer, timestamptz, timestamptz) to evently_user;
