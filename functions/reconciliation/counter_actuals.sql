create or replace function evently_private.counter_actuals(p_event_ids uuid[] default null)
  returns table (event_id uuid, counter text, recorded integer, actual integer)
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Every invariant of every event (cancelled ones too: their counters are 0 and so must
  -- their live rows be), the recorded side beside a fresh count of the rows. One snapshot:
  -- a transaction that changes both is seen entirely or not at all.
  -- Each invariant compares one pair, so one broken thing is reported once: the counters
  -- against the hold, booking and waitlist rows; tickets and seats against those rows.
  select e.id, c.counter, c.recorded, c.actual
    from evently.events e
    cross join lateral (
      select coalesce(sum(h.quantity), 0)::integer as held_rows
        from evently.holds h where h.event_id = e.id and h.status = 'active') hr
    cross join lateral (
      select coalesce(sum(b.quantity), 0)::integer as booked_rows
        from evently.bookings b where b.event_id = e.id and b.status = 'confirmed') br
    cross join lateral (values
      ('held', e.held, hr.held_rows),
      ('booked', e.booked, br.booked_rows),
      ('waiting', e.waiting,
       (select count(*)::integer from evently.waitlist_entries w where w.event_id = e.id and w.status = 'waiting')),
      -- One valid ticket per person of a confirmed booking.
      ('tickets_valid', br.booked_rows,
       (select count(*)::integer from evently.tickets t where t.event_id = e.id and t.status = 'valid')),
      ('seats_held', case when e.seating = 'reserved' then hr.held_rows end,
       (select count(*)::integer from evently.event_seats s where s.event_id = e.id and s.status = 'held')),
      ('seats_booked', case when e.seating = 'reserved' then br.booked_rows end,
       (select count(*)::integer from evently.event_seats s where s.event_id = e.id and s.status = 'booked')),
      -- Seats held by a hold that is not active, or booked by a booking that is not
      -- confirmed (or of another event): none may exist.
      ('seats_orphaned', case when e.seating = 'reserved' then 0 end,
       (select count(*)::integer from evently.event_seats s
          left join evently.holds h on h.id = s.hold_id
          left join evently.bookings b on b.id = s.booking_id
         where s.event_id = e.id
           and ((s.status = 'held' and (h.status is distinct from 'active' or h.event_id <> s.event_id))
             or (s.status = 'booked' and (b.status is distinct from 'confirmed' or b.event_id <> s.event_id))))),
      -- A booked seat has exactly one valid ticket, of the booking that booked it.
      ('seat_tickets', case when e.seating = 'reserved' then 0 end,
       (select count(*)::integer from evently.event_seats s
         where s.event_id = e.id and s.status = 'booked'
           and (select count(*) from evently.tickets t where t.seat_id = s.id and t.status = 'valid') <> 1)
       + (select count(*)::integer from evently.tickets t join evently.event_seats s on s.id = t.seat_id
           where t.event_id = e.id and t.status = 'valid' and s.booking_id is distinct from t.booking_id)),
      -- Ticket types whose held, booked or waiting counter differs from their hold, booking
      -- and waitlist rows.
      ('ticket_type_counters', (select 0 where exists (select 1 from evently.ticket_types t where t.event_id = e.id)),
       (select count(*)::integer from evently.ticket_types t
         where t.event_id = e.id
           and (t.held <> (select coalesce(sum(h.quantity), 0) from evently.holds h where h.ticket_type_id = t.id and h.status = 'active')
             or t.booked <> (select coalesce(sum(b.quantity), 0) from evently.bookings b where b.ticket_type_id = t.id and b.status = 'confirmed')
             or t.waiting <> (select count(*) from evently.waitlist_entries w where w.ticket_type_id = t.id and w.status = 'waiting')))),
      -- An active hold holds exactly as many seats as tickets.
      ('hold_seats', case when e.seating = 'reserved' then 0 end,
       (select count(*)::integer from evently.holds h
         where h.event_id = e.id and h.status = 'active'
           and h.quantity <> (select count(*) from evently.event_seats s where s.hold_id = h.id)))
    ) as c(counter, recorded, actual)
   where (p_event_ids is null or e.id = any (p_event_ids))
     and c.recorded is not null;
$$;
comment on function evently_private.counter_actuals(uuid[]) is
  E'Each invariant of each event (all events when p_event_ids is null, cancelled ones included), one pair each: the counters held, booked and waiting against the hold, booking and waitlist rows (recorded = the counter); valid tickets and, for reserved seating, held and booked seats against the hold and booking rows (recorded = what those rows imply); seats owned by no live hold or booking, booked seats without exactly one valid ticket of their booking, active holds whose seats differ from their quantity, and ticket types whose held, booked or waiting counter differs from their rows (recorded = 0 for these four). actual is the fresh count. Errors: none.';
revoke all on function evently_private.counter_actuals(uuid[]) from public;
