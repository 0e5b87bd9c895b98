create or replace function evently.book_tickets(event_id uuid, quantity integer, idempotency_key text default null)
  returns evently.bookings
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
  -- Keys live a day (purge_idempotency_keys), so between rushes the key table can be empty
  -- as its statistics see it; plans made then scanned it, and a session keeps them until
  -- the next analyze: each keyed booking of the next rush read every key of that rush
  -- (test/sql/hold-plans.test.ts). The unique index is right at any size.
  set enable_seqscan to off
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_booking_id uuid;
  v_event evently.events;
  v_booking evently.bookings;
  v_type evently.ticket_types;
begin
  select * into v_event from evently.events e where e.id = book_tickets.event_id;
  -- The common case (general admission, tickets looking free, nothing else with a rule), with
  -- as few statements as the guarantees allow: it is what a rush is made of.
  if evently_private.books_at_once(v_event, book_tickets.quantity, book_tickets.idempotency_key) then
    perform evently_private.lock_user_tickets(v_event.id, v_user_id);
    -- A key already used goes the general way: idempotency_begin replays it or raises EVIDM.
    -- Under the lock, a retry of this request made by another transaction is committed and
    -- seen here.
    if book_tickets.idempotency_key is null
       or not exists (select 1 from evently_private.idempotency_keys k
                       where k.user_id = v_user_id and k.idempotency_key = book_tickets.idempotency_key) then
      if evently_private.live_tickets(v_event.id, v_user_id) + book_tickets.quantity > v_event.max_tickets_per_user then
        perform evently_private.lock_and_check_ticket_limit(v_event, v_user_id, book_tickets.quantity); -- raises EVLIM
      end if;
      -- The booking, tickets, outbox row and key first; the contended event row last, so its
      -- lock is held only for the counter update and the commit. The conditional update
      -- still decides: if it refuses, all of it rolls back.
      v_booking := evently_private.issue_booking(v_event, v_user_id, book_tickets.quantity, null);
      if book_tickets.idempotency_key is not null then
        perform evently_private.idempotency_record(v_user_id, book_tickets.idempotency_key,
          evently_private.book_tickets_request(v_event.id, book_tickets.quantity), v_booking.id);
      end if;
      perform evently_private.take_capacity(v_event.id, book_tickets.quantity, 'booked');
      return v_booking;
    end if;
  end if;
  -- Sold out already: refused from the snapshot, without writing or queueing for the event row.
  perform evently_private.refuse_if_sold_out(v_event, v_user_id, book_tickets.quantity, book_tickets.idempotency_key);
  -- With a key, the user's lock comes before the key is claimed, as in a batch
  -- (book_tickets_batch locks every user first): a retry that claimed the key and then waited
  -- for the lock a batch holds, while the batch waits for that key, would deadlock.
  if book_tickets.idempotency_key is not null then
    perform evently_private.lock_user_tickets(book_tickets.event_id, v_user_id);
  end if;
  v_booking_id := evently_private.idempotency_begin(v_user_id, book_tickets.idempotency_key,
    evently_private.book_tickets_request(book_tickets.event_id, book_tickets.quantity));
  if v_booking_id is not null then
    select * into v_booking from evently.bookings where id = v_booking_id;
    return v_booking;
  end if;
  v_event := evently_private.bookable_event(book_tickets.event_id);
  -- A replay above needs no admission: the booking was made when it was current.
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  -- An event with ticket types: its only type (several: EVTTR, name one with book_ticket_type).
  v_type := evently_private.ticket_type_for(v_event, null);
  if v_type.id is not null then
    v_booking := evently_private.book_typed(v_event, v_type, v_user_id, book_tickets.quantity);
  elsif v_event.seating = 'reserved' then
    -- Best available seats, held and confirmed in this transaction.
    v_booking := evently_private.convert_hold(evently_private.place_hold(v_event, v_user_id, book_tickets.quantity));
  else
    -- Looked sold out or waitlisted (or a refusal of the request's own shape): refuse before
    -- writing anything (take_capacity may still find tickets in expired holds). Hold and
    -- confirm in one transaction: the tickets go straight to booked, so no hold row or
    -- expiry job is needed.
    perform evently_private.lock_and_check_ticket_limit(v_event, v_user_id, book_tickets.quantity);
    perform evently_private.take_capacity(v_event.id, book_tickets.quantity, 'booked');
    v_booking := evently_private.issue_booking(v_event, v_user_id, book_tickets.quantity, null);
  end if;
  if book_tickets.idempotency_key is not null then
    perform evently_private.idempotency_finish(v_user_id, book_tickets.idempotency_key, v_booking.id);
  end if;
  return v_booking;
end;
$$;
comment on function evently.book_tickets(uuid, integer, text) is
  E'Books quantity tickets for the current user in one step (the best available seats on a reserved-seating event; the only ticket type of an event with types). With idempotency_key, retries of the same request return the same booking (also concurrently); the same key with other parameters raises EVIDM. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVSLD, EVIDM, EVIDK, EVTSW, EVTTR, EVQAD.';
revoke all on function evently.book_tickets(uuid, integer, text) from public;
grant execute on function evently.book_tickets(uuid, integer, text) to evently_anonymous, evently_user;
