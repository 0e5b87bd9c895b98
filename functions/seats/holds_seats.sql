create or replace function evently.holds_seats(h evently.holds) returns setof evently.seat_info
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- security definer (event_seats is not readable directly): re-check that the caller
  -- may see this hold rather than trusting the row passed in.
  select s.id, s.section, s.row_label, s.seat_number, s.label, s.x, s.y, s.category, s.price_cents, s.status
    from evently.event_seats s
    join evently.holds own on own.id = s.hold_id
   where s.hold_id = h.id
     and (own.user_id = evently.current_user_id() or evently.current_user_is_admin())
   order by s.section, s.row_label, s.seat_number;
$$;
comment on function evently.holds_seats(evently.holds) is E'The seats of an active hold (GraphQL field Hold.seats). Errors: none.';
revoke all on function evently.holds_seats(evently.holds) from public;
grant execute on function evently.holds_seats(evently.holds) to evently_user;
