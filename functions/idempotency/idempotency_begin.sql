create or replace function evently_private.idempotency_begin(p_user_id uuid, p_key text, p_request jsonb)
  returns uuid
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
  -- Its lookup of a key: the key table is often empty when planned (see book_tickets).
  set enable_seqscan to off
as $$
declare
  v_stored evently_private.idempotency_keys;
begin
  if p_key is null then
    return null;
  end if;
  if not evently_private.valid_idempotency_key(p_key) then
    raise exception 'Idempotency key must be 1 to 255 visible ASCII characters'
      using errcode = 'EVIDK', detail = 'idempotency_key';
  end if;
  -- A concurrent retry with the same key waits here until the first request commits
  -- (then replays its booking) or rolls back (then proceeds as the first).
  insert into evently_private.idempotency_keys (user_id, idempotency_key, request)
  values (p_user_id, p_key, p_request)
  on conflict do nothing;
  if found then
    return null;
  end if;
  select * into v_stored from evently_private.idempotency_keys
   where user_id = p_user_id and idempotency_key = p_key;
  if v_stored.request is distinct from p_request then
    raise exception 'Idempotency key "%" was already used with a different request', p_key
      using errcode = 'EVIDM', detail = v_stored.request::text;
  end if;
  return v_stored.booking_id;
end;
$$;
comment on function evently_private.idempotency_begin(uuid, text, jsonb) is
  E'Claims an idempotency key for this user and request. Returns null when the caller should do the work (then call idempotency_finish), or the booking id of the earlier identical request to replay. Raises EVIDM when the key was used with different parameters, EVIDK when malformed. Errors: EVIDK, EVIDM.';
revoke all on function evently_private.idempotency_begin(uuid, text, jsonb) from public;
