create or replace function evently_private.book_tickets_batch(requests jsonb)
  returns table (ord integer, booking evently.bookings, error_code text, error_message text, error_detail text)
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
-- Booking requests that arrived together (src/booking/batcher.ts groups them by event),
-- decided in order in one transaction, so the group pays for one lock hand-over, one round
-- trip and one commit instead of one each. When all of them would succeed,
-- book_tickets_group books them at once (the event row updated once). Otherwise every
-- request runs evently.book_tickets itself, as its own user, in its own subtransaction: the
-- same rules decide (capacity, per-user limit, idempotency, waitlist precedence), and one
-- request's error (sold out, limit, bad key, …) is that request's answer and never touches
-- another's.
-- The caller vouches for the user ids (the server, having verified their tokens): only
-- evently_authenticator may execute this.
declare
  v_request jsonb;
  v_group evently.bookings[];
  v_uuid constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
begin
  if jsonb_typeof(requests) is distinct from 'array' then
    raise exception 'requests must be a JSON array' using errcode = 'EVINV', detail = 'requests';
  end if;
  -- Lock order: every per-(user, event) lock before any event row, sorted, as a single
  -- booking takes them (lock_user_tickets); otherwise a single request holding its user's
  -- lock and waiting for the event row, and this batch holding the row and waiting for
  -- that user's lock, would deadlock.
  perform evently_private.lock_user_tickets(l.event_id, l.user_id)
     from (select distinct (r->>'event_id')::uuid as event_id, (r->>'user_id')::uuid as user_id
             from jsonb_array_elements(requests) r
            where r->>'event_id' ~ v_uuid and r->>'user_id' ~ v_uuid
            order by 1, 2) l;
  -- Mostly every request succeeds: then the group is booked at once (book_tickets_group),
  -- in one subtransaction; any other group (null) or outcome leaves nothing behind and is
  -- decided one by one.
  begin
    v_group := evently_private.book_tickets_group(requests);
  exception
    -- Found out only after writing (a key another transaction claimed, tickets a concurrent
    -- booking took), or an id or quantity that does not parse, or the event's own refusals.
    when raise_exception or invalid_text_representation or numeric_value_out_of_range
      or sqlstate 'EVINV' or sqlstate 'EVNFD' or sqlstate 'EVECN' or sqlstate 'EVPST' or sqlstate 'EVSLD' then
      v_group := null;
    when others then
      -- Not expected here (a deadlock with a request outside the batch, a lock timeout, a bug):
      -- logged for the DBA, and the requests still get their answers one by one.
      raise log 'book_tickets_batch: the group path failed with % (%); deciding one by one', sqlstate, sqlerrm;
      v_group := null;
  end;
  if v_group is not null then
    error_code := null;
    error_message := null;
    error_detail := null;
    for i in 1 .. cardinality(v_group) loop
      ord := i;
      booking := v_group[i];
      return next;
    end loop;
    return;
  end if;
  ord := 0;
  for v_request in select value from jsonb_array_elements(requests) loop
    ord := ord + 1;
    booking := null;
    error_code := null;
    error_message := null;
    error_detail := null;
    begin
      perform set_config('jwt.claims.user_id', coalesce(v_request->>'user_id', ''), true);
      booking := evently.book_tickets((v_request->>'event_id')::uuid, (v_request->>'quantity')::integer,
                                      v_request->>'idempotency_key');
    exception when others then
      get stacked diagnostics error_code = returned_sqlstate, error_message = message_text,
                              error_detail = pg_exception_detail;
    end;
    return next;
  end loop;
  -- No request's identity outlives its request in this transaction.
  perform set_config('jwt.claims.user_id', '', true);
end;
$$;
comment on function evently_private.book_tickets_batch(jsonb) is
  E'Books a group of requests ([{user_id, event_id, quantity, idempotency_key}], in order) in one transaction: all at once when every one of them would succeed (book_tickets_group), otherwise each through evently.book_tickets as its own user and in its own subtransaction; returns one row per request (ord from 1): the booking, or the error that request alone raised (error_code, error_message, error_detail). For the HTTP server''s batching of hot events (evently_authenticator only). Errors: EVINV (requests not an array); per request: those of book_tickets.';
revoke all on function evently_private.book_tickets_batch(jsonb) from public;
grant execute on function evently_private.book_tickets_batch(jsonb) to evently_authenticator;
