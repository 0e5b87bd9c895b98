create or replace function evently.event_bookings(
  event_id uuid,
  search text default null,
  booking_status text default null,
  max_rows integer default 20,
  skip_rows integer default 0
) returns table (
  id uuid, user_id uuid, email text, name text, quantity integer, total_cents integer, status text,
  created_at timestamptz, cancelled_at timestamptz, codes text[], matching integer
)
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_search text := nullif(btrim(event_bookings.search), '');
begin
  perform evently_private.require_admin();
  if not exists (select 1 from evently.events e where e.id = event_bookings.event_id) then
    raise exception 'Event not found' using errcode = 'EVNFD';
  end if;
  if max_rows is null or max_rows not between 1 and 100 then
    raise exception 'max_rows must be from 1 to 100' using errcode = 'EVINV', detail = 'max_rows';
  end if;
  if skip_rows is null or skip_rows < 0 then
    raise exception 'skip_rows must not be negative' using errcode = 'EVINV', detail = 'skip_rows';
  end if;
  -- Security definer, like analytics_*: evently_private.require_admin above is the gate (no API
  -- role may execute it), and the rows are other people's bookings.
  -- search matches the buyer's email (a substring, any case) or one ticket code exactly;
  -- matching counts every row that matches, so a page can say "12 of 340".
  return query
  select b.id, b.user_id, u.email::text, u.name, b.quantity, b.total_cents, b.status, b.created_at, b.cancelled_at,
         array(select t.code from evently.tickets t where t.booking_id = b.id order by t.code),
         (count(*) over ())::integer
    from evently.bookings b
    join evently.users u on u.id = b.user_id
   where b.event_id = event_bookings.event_id
     and (event_bookings.booking_status is null or b.status = event_bookings.booking_status)
     and (v_search is null
          or strpos(lower(u.email::text), lower(v_search)) > 0
          or exists (select 1 from evently.tickets t where t.booking_id = b.id and t.code = v_search))
   order by b.created_at desc, b.id
   limit event_bookings.max_rows offset event_bookings.skip_rows;
end;
$$;
comment on function evently.event_bookings(uuid, text, text, integer, integer) is
  E'Admin: the bookings of one event, newest first, with the buyer''s email and name and the ticket codes; search matches part of the email (any case) or a ticket code exactly, booking_status keeps confirmed or cancelled ones; max_rows (1-100) from skip_rows; matching is how many rows match in all. Errors: EVAUT, EVFBD, EVNFD, EVINV.';
revoke all on function evently.event_bookings(uuid, text, text, integer, integer) from public;
grant execute on function evently.event_bookings(uuid, text, text, integer, integer) to evently_user;
