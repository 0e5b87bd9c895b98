create or replace function evently.tickets_seat(t evently.tickets) returns evently.seat_info
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  select s.id, s.section, s.row_label, s.seat_number, s.label, s.x, s.y, s.category, s.price_cents, s.status
    from evently.tickets own
    join evently.event_seats s on s.id = own.seat_id
   where own.id = t.id
     and (own.user_id = evently.current_user_id() or evently.current_user_is_admin());
$$;
comment on function evently.tickets_seat(evently.tickets) is E'The seat a ticket admits to, for reserved seating (GraphQL field Ticket.seat). Errors: none.';
revoke all on function evently.tickets_seat(evently.tickets) from public;
grant execute on function evently.tickets_seat(evently.tickets) to evently_user;
