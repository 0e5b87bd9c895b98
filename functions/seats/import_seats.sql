create or replace function evently.import_seats(venue_id uuid, seats jsonb) returns setof evently.venue_seats
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_seat jsonb;
  v_index bigint;
  v_field text;
  v_duplicate record;
begin
  if not exists (select 1 from evently.venues v where v.id = import_seats.venue_id) then
    raise exception 'Venue not found' using errcode = 'EVNFD', detail = 'venue_id';
  end if;
  if import_seats.seats is null or jsonb_typeof(import_seats.seats) <> 'array'
     or jsonb_array_length(import_seats.seats) not between 1 and 100000 then
    raise exception 'seats must be a JSON array of 1 to 100000 seats' using errcode = 'EVLAY', detail = 'seats';
  end if;
  -- Validate every seat before writing anything, naming the first bad one.
  for v_seat, v_index in select value, ordinality - 1 from jsonb_array_elements(import_seats.seats) with ordinality loop
    v_field := case
      when jsonb_typeof(v_seat) <> 'object' then ''
      when jsonb_typeof(v_seat -> 'section') <> 'string' or length(btrim(v_seat ->> 'section')) not between 1 and 100 then '.section'
      when jsonb_typeof(v_seat -> 'row') not in ('string', 'number') or length(btrim(v_seat ->> 'row')) not between 1 and 20 then '.row'
      when jsonb_typeof(v_seat -> 'number') <> 'number' or (v_seat ->> 'number') !~ '^[0-9]{1,6}$' or (v_seat ->> 'number')::integer < 1 then '.number'
      when jsonb_typeof(v_seat -> 'x') <> 'number' then '.x'
      when jsonb_typeof(v_seat -> 'y') <> 'number' then '.y'
      when v_seat ? 'category' and (jsonb_typeof(v_seat -> 'category') <> 'string' or length(btrim(v_seat ->> 'category')) not between 1 and 50) then '.category'
      when v_seat ? 'row_rank' and (jsonb_typeof(v_seat -> 'row_rank') <> 'number' or (v_seat ->> 'row_rank') !~ '^-?[0-9]{1,9}$') then '.row_rank'
      when v_seat ? 'label' and (jsonb_typeof(v_seat -> 'label') <> 'string' or length(v_seat ->> 'label') not between 1 and 100) then '.label'
      when exists (select 1 from jsonb_object_keys(v_seat) k
                    where k not in ('section', 'row', 'number', 'x', 'y', 'category', 'row_rank', 'label')) then '.unknown_field'
    end;
    if v_field is not null then
      raise exception 'Seat % is malformed (%)', v_index, coalesce(nullif(ltrim(v_field, '.'), ''), 'not an object')
        using errcode = 'EVLAY', detail = format('seats[%s]%s', v_index, v_field);
    end if;
  end loop;
  perform 1 from evently.venues v where v.id = import_seats.venue_id for update;
  select min(i) as i into v_duplicate
    from (select ordinality - 1 as i,
                 count(*) over (partition by btrim(value ->> 'section'), btrim(value ->> 'row'), (value ->> 'number')::integer) as copies,
                 exists (select 1 from evently.venue_seats s
                          where s.venue_id = import_seats.venue_id and s.section = btrim(value ->> 'section')
                            and s.row_label = btrim(value ->> 'row') and s.seat_number = (value ->> 'number')::integer) as exists_already
            from jsonb_array_elements(import_seats.seats) with ordinality) d
   where copies > 1 or exists_already;
  if v_duplicate.i is not null then
    raise exception 'Seat % duplicates another seat (same section, row and number)', v_duplicate.i
      using errcode = 'EVLAY', detail = format('seats[%s]', v_duplicate.i);
  end if;
  return query
  with input as (
    select btrim(value ->> 'section') as section, btrim(value ->> 'row') as row_label,
           (value ->> 'number')::integer as seat_number, (value ->> 'x')::numeric as x, (value ->> 'y')::numeric as y,
           coalesce(btrim(value ->> 'category'), 'standard') as category, (value ->> 'row_rank')::integer as row_rank,
           value ->> 'label' as label, ordinality as i
      from jsonb_array_elements(import_seats.seats) with ordinality
  ), ranked as (
    select input.*,
           -- Without an explicit row_rank, rows rank in the order they first appear.
           coalesce(row_rank, dense_rank() over (partition by section order by first_i)::integer) as final_row_rank,
           abs(2 * seat_number - (min(seat_number) over r + max(seat_number) over r)) as final_seat_rank
      from (select input.*, min(i) over (partition by section, row_label) as first_i from input) input
    window r as (partition by section, row_label)
  )
  insert into evently.venue_seats (venue_id, section, row_label, seat_number, label, x, y, category, row_rank, seat_rank)
  select import_seats.venue_id, section, row_label, seat_number,
         coalesce(label, format('%s %s%s', section, row_label, seat_number)), x, y, category, final_row_rank, final_seat_rank
    from ranked
   order by i
  returning *;
end;
$$;
comment on function evently.import_seats(uuid, jsonb) is
  E'Admin: adds an irregular layout from a JSON array of seats {section, row, number, x, y, category?, row_rank?, label?}. All or nothing: the first malformed or duplicate seat raises EVLAY with detail seats[i].field. Seats with consecutive numbers in a row are adjacent; lower row_rank is better (default: order of appearance). Errors: EVAUT, EVFBD, EVLAY, EVNFD.';
revoke all on function evently.import_seats(uuid, jsonb) from public;
grant execute on function evently.import_seats(uuid, jsonb) to evently_anonymous, evently_user;
