create or replace function evently.add_seats(
  venue_id uuid, section text, rows integer, seats_per_row integer, category text default 'standard'
) returns setof evently.venue_seats
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_x_offset numeric;
begin
  if not exists (select 1 from evently.venues v where v.id = add_seats.venue_id) then
    raise exception 'Venue not found' using errcode = 'EVNFD', detail = 'venue_id';
  end if;
  if add_seats.section is null or length(btrim(add_seats.section)) not between 1 and 100 then
    raise exception 'section must be 1 to 100 characters' using errcode = 'EVLAY', detail = 'section';
  end if;
  if add_seats.rows is null or add_seats.rows not between 1 and 200 then
    raise exception 'rows must be from 1 to 200' using errcode = 'EVLAY', detail = 'rows';
  end if;
  if add_seats.seats_per_row is null or add_seats.seats_per_row not between 1 and 500 then
    raise exception 'seats_per_row must be from 1 to 500' using errcode = 'EVLAY', detail = 'seats_per_row';
  end if;
  if add_seats.category is null or length(btrim(add_seats.category)) not between 1 and 50 then
    raise exception 'category must be 1 to 50 characters' using errcode = 'EVLAY', detail = 'category';
  end if;
  -- Serialize layout changes of one venue (the section check and x offset below).
  perform 1 from evently.venues v where v.id = add_seats.venue_id for update;
  if exists (select 1 from evently.venue_seats s where s.venue_id = add_seats.venue_id and s.section = btrim(add_seats.section)) then
    raise exception 'Section "%" already exists in this venue', btrim(add_seats.section) using errcode = 'EVLAY', detail = 'section';
  end if;
  -- Sections are drawn side by side, two units apart.
  select coalesce(max(s.x) + 2, 0) into v_x_offset from evently.venue_seats s where s.venue_id = add_seats.venue_id;
  return query
  insert into evently.venue_seats (venue_id, section, row_label, seat_number, label, x, y, category, row_rank, seat_rank)
  select add_seats.venue_id, btrim(add_seats.section), evently_private.row_label(r), n,
         format('%s %s%s', btrim(add_seats.section), evently_private.row_label(r), n),
         v_x_offset + n, r, btrim(add_seats.category),
         r,                                    -- front rows first
         abs(2 * n - (add_seats.seats_per_row + 1)) -- centre seats first
    from generate_series(1, add_seats.rows) r, generate_series(1, add_seats.seats_per_row) n
  returning *;
end;
$$;
comment on function evently.add_seats(uuid, text, integer, integer, text) is
  E'Admin: adds a rectangular section (rows A, B, ... of seats 1..seats_per_row) to a venue''s layout and returns the seats. Row A is the best row; centre seats rank before aisle seats. Errors: EVAUT, EVFBD, EVNFD, EVLAY (detail names the argument).';
revoke all on function evently.add_seats(uuid, text, integer, integer, text) from public;
grant execute on function evently.add_seats(uuid, text, integer, integer, text) to evently_anonymous, evently_user;
