create or replace function evently_private.best_available_seats(
  p_event_id uuid, p_quantity integer, p_section text, p_category text
) returns uuid[]
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
  -- The windows below need the free seats of a rank in event_seats_available_idx's order.
  -- Planned generically, PostgreSQL took a bitmap scan and sorted them instead, which
  -- doubled the query's time (0.79 ms against 0.43 for a rank of 310 seats): time every
  -- other buyer of the event waits, since it runs while the event row is locked.
  set enable_bitmapscan to off
  -- One walk of that index, best rank first, that stops at the first rank with room: an
  -- incremental sort on the ranks the index already orders. PostgreSQL prefers a full sort
  -- of every free seat's window (all 10,000 at the start of a sale) or a sequential scan,
  -- so both are off here.
  set enable_sort to off
  set enable_seqscan to off
as $$
declare
  v_best record;
  v_ids uuid[];
begin
  -- 1. Adjacent seats in one row: the best row rank with room, and in it the best window.
  --    Every window of p_quantity free seats of a row, in seat order (the index's order, so
  --    nothing is sorted but the candidates of one rank); a window is adjacent seats when its
  --    last seat number is p_quantity - 1 past its first (numbers are unique in a row). The
  --    best is the window with the best seats (sum of seat_rank: centre first).
  --    One statement, not a statement per rank: late in a sale the front ranks keep a few
  --    scattered seats each, and visiting them one query at a time made each hold cost more
  --    the fuller the venue was (bench/results/2026-12-03-stop-27.md).
  --    This runs while the event row is locked: it is what every other buyer of the event
  --    waits for.
  select row_rank, section, row_label, first_seat into v_best
    from (
      select row_rank, section, row_label, seat_number as first_seat,
             count(*) over w as seats, last_value(seat_number) over w as last_seat,
             sum(seat_rank) over w as score
        from evently.event_seats
       where event_id = p_event_id and status = 'available'
         and (p_section is null or section = p_section)
         and (p_category is null or category = p_category)
      window w as (partition by row_rank, section, row_label order by seat_number
                   rows between current row and p_quantity - 1 following)
    ) windows
   where seats = p_quantity and last_seat = first_seat + p_quantity - 1
   order by row_rank, score, section, row_label, first_seat
   limit 1;
  if found then
    -- Every column of event_seats_available_idx: on an event its statistics have not seen
    -- yet, PostgreSQL otherwise read all of the event's seats through another index.
    select array_agg(id order by seat_number) into v_ids
      from evently.event_seats
     where event_id = p_event_id and status = 'available' and row_rank = v_best.row_rank
       and section = v_best.section and row_label = v_best.row_label
       and seat_number between v_best.first_seat and v_best.first_seat + p_quantity - 1;
    return v_ids;
  end if;
  -- 2. No row has that many adjacent free seats: the best free seats, row by row.
  select array_agg(id) into v_ids
    from (select id from evently.event_seats
           where event_id = p_event_id and status = 'available'
             and (p_section is null or section = p_section)
             and (p_category is null or category = p_category)
           order by row_rank, section, row_label, seat_number
           limit p_quantity) best;
  return coalesce(v_ids, '{}');
end;
$$;
comment on function evently_private.best_available_seats(uuid, integer, text, text) is
  E'The best p_quantity free seats of an event: adjacent in one row when any row has room (best row, centre first), else the best free seats row by row. Returns fewer when fewer are free. Errors: none.';
revoke all on function evently_private.best_available_seats(uuid, integer, text, text) from public;
