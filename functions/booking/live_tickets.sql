create or replace function evently_private.live_tickets(p_event_id uuid, p_user_id uuid, p_ticket_type_id uuid default null)
  returns integer
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
  -- Plans made while holds was nearly empty (a new database, or between sales: holds end)
  -- scan it, and a session keeps them until the next analyze: in a hold rush each call then
  -- read every hold (bench/results/2026-12-02-stop-23.md). The index is right at any size.
  set enable_seqscan to off
as $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- What the per-person limits count: the user's unexpired active holds and confirmed
  -- bookings of the event (of one ticket type when given). Waitlist entries are not
  -- tickets; promote_waitlist offers an entry only while it fits the limits.
  -- Found through the user's rows, then filtered by event (materialized: the planner may
  -- not start from the event). An event on sale is new to the statistics, estimated at one
  -- row, so a plan made with the call's values (a session's first calls) chose an index led
  -- by event_id and read every booking and hold of a hot event: 8,000 rows for a user with
  -- 5 in test/sql/live-tickets.test.ts. A user's own rows stay few.
  return (
    with holds_of_user as materialized (
      select h.event_id, h.ticket_type_id, h.quantity from evently.holds h
       where h.user_id = p_user_id and h.status = 'active' and h.expires_at > now()
    ), bookings_of_user as materialized (
      select b.event_id, b.ticket_type_id, b.quantity from evently.bookings b
       where b.user_id = p_user_id and b.status = 'confirmed'
    )
    select coalesce(sum(quantity), 0)::integer from (
      select h.quantity from holds_of_user h
       where h.event_id = p_event_id and (p_ticket_type_id is null or h.ticket_type_id = p_ticket_type_id)
      union all
      select b.quantity from bookings_of_user b
       where b.event_id = p_event_id and (p_ticket_type_id is null or b.ticket_type_id = p_ticket_type_id)
    ) live);
end;
$$;
comment on function evently_private.live_tickets(uuid, uuid, uuid) is
  E'The tickets the per-person limits count for a user at an event (of one ticket type when given): unexpired active holds plus confirmed bookings. Errors: none.';
revoke all on function evently_private.live_tickets(uuid, uuid, uuid) from public;
