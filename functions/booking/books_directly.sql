create or replace function evently_private.books_directly(p_event_id uuid) returns boolean
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- What the shortcuts around book_tickets (refuse_if_sold_out, book_tickets_group) may assume
  -- of an event: no ticket types (whose own rules and lines would decide) and no waiting room
  -- (whose admissions would).
  return not exists (select 1 from evently.ticket_types t where t.event_id = p_event_id)
     and not exists (select 1 from evently.waiting_rooms r where r.event_id = p_event_id);
end;
$$;
comment on function evently_private.books_directly(uuid) is
  E'True when the event has no ticket types and no waiting room, so a general-admission booking of it is decided by the event row alone. Errors: none.';
revoke all on function evently_private.books_directly(uuid) from public;
