create or replace function evently_private.idempotency_record(p_user_id uuid, p_key text, p_request jsonb, p_booking_id uuid)
  returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- For a caller that looked the key up under the per-(user, event) lock and found it
  -- unused: the key and its booking in one row, where idempotency_begin and
  -- idempotency_finish write it twice (an insert, then an update that checks its foreign
  -- keys again).
  insert into evently_private.idempotency_keys (user_id, idempotency_key, request, booking_id)
  values (p_user_id, p_key, p_request, p_booking_id)
  on conflict do nothing;
  if found then
    return;
  end if;
  -- A request the lock does not serialize (another event or function with the same key)
  -- claimed the key meanwhile. idempotency_begin compares the stored request: EVIDM when it
  -- differs. The same request under another lock cannot happen; should it, this
  -- transaction's booking must not stand beside the stored one.
  perform evently_private.idempotency_begin(p_user_id, p_key, p_request);
  raise exception 'Idempotency key "%" was claimed by a concurrent request; retry', p_key
    using errcode = '40001';
end;
$$;
comment on function evently_private.idempotency_record(uuid, text, jsonb, uuid) is
  E'Stores an unused idempotency key with its request and the booking it produced, in one row, in the transaction that produced the booking; the caller holds the per-(user, event) lock and has seen the key unused. Errors: EVIDM (a concurrent request with another request claimed the key), EVRTY (40001).';
revoke all on function evently_private.idempotency_record(uuid, text, jsonb, uuid) from public;
