create or replace function evently.event_seat_map(event_id uuid) returns setof evently.seat_info
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- One indexed query, cheap enough to redraw live. Says what a seat costs and whether
  -- it can be bought, never who holds it. Seats in expired holds are available.
  -- A free seat is "held" while anyone is on the event's waitlist: it goes to the line
  -- first (take_capacity refuses other buyers), as events_available says 0.
  select s.id, s.section, s.row_label, s.seat_number, s.label, s.x, s.y, s.category, s.price_cents,
         case when s.status = 'held' and h.expires_at <= now() or s.status = 'available'
              then case when e.waiting > 0 then 'held' else 'available' end
              else s.status end
    from evently.event_seats s
    join evently.events e on e.id = s.event_id
    left join evently.holds h on h.id = s.hold_id
   where s.event_id = event_seat_map.event_id
   order by s.section, s.row_rank, s.row_label, s.seat_number;
$$;
comment on function evently.event_seat_map(uuid) is
  E'Every seat of a reserved-seating event with coordinates, category, price and status (available, held, booked; free seats count as held while anyone is on the waitlist, whose offers take them first). Open to anonymous users. Errors: none.';
revoke all on function evently.event_seat_map(uuid) from public;
grant execute on function evently.event_seat_map(uuid) to evently_anonymous, evently_user;
