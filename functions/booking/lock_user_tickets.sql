create or replace function evently_private.lock_user_tickets(p_event_id uuid, p_user_id uuid) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- The per-(user, event) lock that serializes one user's holds, bookings and waitlist
  -- joins for one event until commit. Lock order: this lock before the event row, so
  -- callers that take several (book_tickets_batch) take all of them first, sorted.
  perform pg_advisory_xact_lock(hashtextextended(p_user_id::text || '/' || p_event_id::text, 0));
end;
$$;
comment on function evently_private.lock_user_tickets(uuid, uuid) is
  E'Takes the per-(user, event) transaction lock that serializes a user''s ticket changes for one event (before the event row in the lock order). Errors: none registered.';
revoke all on function evently_private.lock_user_tickets(uuid, uuid) from public;
