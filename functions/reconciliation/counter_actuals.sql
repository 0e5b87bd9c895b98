create or replace function evently_private.counter_actuals(p_event_id uuid default null)
  returns table (event_id uuid, counter text, recorded integer, actual integer)
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Every counter next to a fresh count of the rows it stands for (one snapshot, so a
  -- transaction that changes both is seen entirely or not at all).
  select e.id, c.counter, c.recorded, c.actual
    from evently.events e
    cross join lateral (values
      ('held', e.held,
       (select coalesce(sum(h.quantity), 0)::integer from evently.holds h where h.event_id = e.id and h.status = 'active')),
      ('booked', e.booked,
       (select coalesce(sum(b.quantity), 0)::integer from evently.bookings b where b.event_id = e.id and b.status = 'confirmed')),
      ('waiting', e.waiting,
       (select count(*)::integer from evently.waitlist_entries w where w.event_id = e.id and w.status = 'waiting')),
      ('seats_held', case when e.seating = 'reserved' then e.held end,
       (select count(*)::integer from evently.event_seats s where s.event_id = e.id and s.status = 'held')),
      ('seats_booked', case when e.seating = 'reserved' then e.booked end,
       (select count(*)::integer from evently.event_seats s where s.event_id = e.id and s.status = 'booked'))
    ) as c(counter, recorded, actual)
   where (p_event_id is null or e.id = p_event_id)
     and e.status = 'published'
     and c.recorded is not null;
$$;
comment on function evently_private.counter_actuals(uuid) is
  E'Each counter of each published event (held, booked, waiting; seat statuses for reserved seating) beside the count of its rows.';
revoke all on function evently_private.counter_actuals(uuid) from public;
