create or replace function evently_private.idempotency_finish(p_user_id uuid, p_key text, p_booking_id uuid)
  returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
  -- Its lookup of a key: the key table is often empty when planned (see book_tickets).
  set enable_seqscan to off
as $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  update evently_private.idempotency_keys
     set booking_id = p_booking_id
   where user_id = p_user_id and idempotency_key = p_key;
end;
$$;
comment on function evently_private.idempotency_finish(uuid, text, uuid) is
  E'Stores the booking an idempotency key produced, in the same transaction that produced it. Errors: none.';
revoke all on function evently_private.idempotency_finish(uuid, text, uuid) from public;
