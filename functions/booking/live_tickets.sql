create or replace function evently_private.live_tickets(p_event_id uuid, p_user_id uuid, p_ticket_type_id uuid default null)
  returns integer
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- What the per-person limits count: the user's unexpired active holds and confirmed
  -- bookings of the event (of one ticket type when given). Waitlist entries are not
  -- tickets; promote_waitlist offers an entry only while it fits the limits.
  return (select coalesce(sum(quantity), 0)::integer from (
    select h.quantity from evently.holds h
     where h.event_id = p_event_id and h.user_id = p_user_id and h.status = 'active' and h.expires_at > now()
       and (p_ticket_type_id is null or h.ticket_type_id = p_ticket_type_id)
    union all
    select b.quantity from evently.bookings b
     where b.event_id = p_event_id and b.user_id = p_user_id and b.status = 'confirmed'
       and (p_ticket_type_id is null or b.ticket_type_id = p_ticket_type_id)
  ) live);
end;
$$;
comment on function evently_private.live_tickets(uuid, uuid, uuid) is
  E'The tickets the per-person limits count for a user at an event (of one ticket type when given): unexpired active holds plus confirmed bookings. Errors: none.';
revoke all on function evently_private.live_tickets(uuid, uuid, uuid) from public;
