create or replace function evently.event_seat_map(event_id uuid) returns setof evently.seat_info
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- One indexed query, cheap enough to redraw live. Says what a seat costs and whether
  -- it can be bought, never who holds it. Seats in expired holds are available.
  select s.id, s.section, s.row_label, s.seat_number, s.label, s.x, s.y, s.category, s.price_cents,
         case when s.status = 'held' and h.expires_at <= now() then 'available' else s.status end
    from evently.event_seats s
    left join evently.holds h on h.id = s.hold_id
   where s.event_id = event_seat_map.event_id
   order by s.section, s.row_rank, s.row_label, s.seat_number;
$$;
comment on function evently.event_seat_map(uuid) is
  E'Every seat of a reserved-seating event with coordinates, category, price and status (available, held, booked). Open to anonymous users. Errors: none.';
revoke all on function evently.event_seat_map(uuid) from public;
grant execute on function evently.event_seat_map(uuid) to evently_anonymous, evently_user;
