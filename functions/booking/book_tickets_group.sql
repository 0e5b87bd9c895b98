create or replace function evently_private.book_tickets_group(p_requests jsonb)
  returns evently.bookings[]
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
-- The common case of a batch (book_tickets_batch), decided as one: every request books
-- general-admission tickets of the same event, none is a retry, and all of them fit. Then
-- each request gets the booking book_tickets would have made it, one after another, but the
-- event row is updated once, for the group's total, last (so it stays locked only for that
-- update and the commit), and no request needs a subtransaction of its own. When the group
-- is anything else (a refusal, a replay, a ticket type, a waiting room, a key sent twice),
-- this returns null before writing anything, and book_tickets_batch decides the requests one
-- by one instead. What only shows once rows are written (a key another transaction claimed,
-- tickets a concurrent booking took) raises: the caller runs this in a subtransaction, which
-- undoes it. So this only ever answers when every request would have succeeded, and the
-- one-by-one path gives every other answer. The caller holds every requester's per-(user,
-- event) lock for ids written in the standard form (book_tickets_batch locks those); a group
-- with an id in another form is decided one by one.
declare
  v_uuid constant text := '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
  v_event evently.events;
  v_event_ids uuid[];
  v_total integer;
  v_user record;
  v_ids uuid[];
  v_user_ids uuid[];
  v_quantities integer[];
  v_keys text[];
  v_stored integer;
  v_booking evently.bookings;
  v_bookings evently.bookings[];
begin
  select array_agg(distinct (r->>'event_id')::uuid), sum((r->>'quantity')::integer)
    into v_event_ids, v_total
    from jsonb_array_elements(p_requests) r;
  if cardinality(v_event_ids) is distinct from 1 or exists (
       select 1 from jsonb_array_elements(p_requests) r
        where r->>'event_id' is null or r->>'user_id' is null or r->>'quantity' is null
           or r->>'event_id' !~ v_uuid or r->>'user_id' !~ v_uuid
           or (r->>'idempotency_key' is not null and not evently_private.valid_idempotency_key(r->>'idempotency_key'))) then
    return null;
  end if;
  -- A key sent twice in the group: its retry is a replay, which book_tickets answers.
  if exists (select 1 from jsonb_array_elements(p_requests) r where r->>'idempotency_key' is not null
              group by r->>'user_id', r->>'idempotency_key' having count(*) > 1) then
    return null;
  end if;
  v_event := evently_private.bookable_event(v_event_ids[1]);
  -- What book_tickets' direct path needs: general admission, no types, no waiting room, no
  -- waitlist, and (in this snapshot) tickets enough for everyone.
  if v_event.seating <> 'general' or v_event.waiting > 0
     or v_event.capacity - v_event.held - v_event.booked < v_total
     or not evently_private.books_directly(v_event.id) then
    return null;
  end if;
  -- Per user: every account exists (require_user), every quantity is at least 1, and all of
  -- the user's requests together stay within the per-person limit (the lock is held).
  for v_user in
    select (r->>'user_id')::uuid as user_id, sum((r->>'quantity')::integer)::integer as quantity,
           min((r->>'quantity')::integer) as smallest
      from jsonb_array_elements(p_requests) r group by 1
  loop
    if v_user.smallest < 1
       or not exists (select 1 from evently.users u where u.id = v_user.user_id)
       or evently_private.live_tickets(v_event.id, v_user.user_id) + v_user.quantity > v_event.max_tickets_per_user then
      return null;
    end if;
  end loop;
  -- Written for the whole group at once, a statement per table, not a statement per request
  -- per table: what issue_booking, queue_notification and book_tickets' key would write
  -- for each request. The booking ids are chosen first, so each request's tickets,
  -- notification and key find their booking, and the answers come back in request order.
  select array_agg(gen_random_uuid() order by n), array_agg((r->>'user_id')::uuid order by n),
         array_agg((r->>'quantity')::integer order by n), array_agg(r->>'idempotency_key' order by n)
    into v_ids, v_user_ids, v_quantities, v_keys
    from jsonb_array_elements(p_requests) with ordinality as e(r, n);
  with made as (
    insert into evently.bookings (id, event_id, user_id, quantity, total_cents)
    select x.id, v_event.id, x.user_id, x.quantity, v_event.price_cents * x.quantity
      from unnest(v_ids, v_user_ids, v_quantities) as x(id, user_id, quantity)
    returning bookings as booking
  )
  select array_agg(m.booking order by array_position(v_ids, (m.booking).id)) into v_bookings from made m;
  with issued as (
    insert into evently.tickets (booking_id, event_id, user_id)
    select x.id, v_event.id, x.user_id
      from unnest(v_ids, v_user_ids, v_quantities) as x(id, user_id, quantity), generate_series(1, x.quantity)
    returning booking_id, code
  ), codes as (
    select i.booking_id, jsonb_agg(jsonb_build_object('code', i.code, 'seat', null) order by i.code) as tickets
      from issued i group by i.booking_id
  )
  insert into evently.notifications (user_id, kind, event_id, payload)
  select b.user_id, 'booking_confirmed', v_event.id, evently_private.booking_confirmed_payload(b, c.tickets)
    from unnest(v_bookings) b join codes c on c.booking_id = b.id;
  perform evently_private.start_notification_relay();
  -- Organizers' booking.confirmed webhooks, as queue_notification sends them (their payload
  -- leaves the ticket codes out). Checked once for the group, not once per booking.
  if exists (select 1 from evently.webhook_endpoints e where e.active and e.event_types @> array['booking.confirmed']) then
    foreach v_booking in array v_bookings loop
      perform evently_private.queue_notification_webhook(v_booking.user_id, 'booking_confirmed', v_event.id,
        evently_private.booking_confirmed_payload(v_booking, null));
    end loop;
  end if;
  -- A key seen before (a replay, or a retry still in flight: this waits for it) is decided
  -- one by one, after the subtransaction undoes what this wrote.
  insert into evently_private.idempotency_keys (user_id, idempotency_key, request, booking_id)
  select x.user_id, x.key, evently_private.book_tickets_request(v_event.id, x.quantity), x.id
    from unnest(v_ids, v_user_ids, v_quantities, v_keys) as x(id, user_id, quantity, key)
   where x.key is not null
  on conflict do nothing;
  get diagnostics v_stored = row_count;
  if v_stored < (select count(*) from unnest(v_keys) k where k is not null) then
    raise exception 'book_tickets_group: a key seen before';
  end if;
  -- The conditional update still decides (a concurrent booking may have taken the tickets).
  perform evently_private.take_capacity(v_event.id, v_total, 'booked');
  return v_bookings;
end;
$$;
comment on function evently_private.book_tickets_group(jsonb) is
  E'For book_tickets_batch: books every request of a group ([{user_id, event_id, quantity, idempotency_key}]) at once when all are for one general-admission event without ticket types, waiting room or waitlist, none is a replay, and all fit (capacity and per-person limits); returns their bookings in request order. Returns null, writing nothing, for any other group; raises (caught by book_tickets_batch, whose subtransaction undoes the writes) when a key turns out to be taken or the tickets gone. Either way book_tickets_batch then decides the requests one by one. Errors: EVSLD, EVECN (from the counter update), and an unregistered raise_exception for a taken key, neither reaching a client.';
revoke all on function evently_private.book_tickets_group(jsonb) from public;
