create or replace function evently_private.book_tickets_request(p_event_id uuid, p_quantity integer)
  returns jsonb
  language plpgsql immutable
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- What an idempotency key of book_tickets remembers of its request: a retry with the same
  -- key must match it, whether the first request was booked alone or in a batch's group.
  return jsonb_build_object('function', 'book_tickets', 'event_id', p_event_id, 'quantity', p_quantity);
end;
$$;
comment on function evently_private.book_tickets_request(uuid, integer) is
  E'The request book_tickets stores with an idempotency key (and compares a retry with). Errors: none.';
revoke all on function evently_private.book_tickets_request(uuid, integer) from public;
