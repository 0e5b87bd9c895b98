create or replace function evently_private.books_at_once(p_event evently.events, p_quantity integer, p_idempotency_key text)
  returns boolean
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- book_tickets' common case, read from the caller's snapshot without a lock: a
  -- general-admission event on sale whose tickets look free, with nothing that adds a rule
  -- (ticket types, a waiting room, a waitlist with precedence) and a request that cannot be
  -- refused for its own shape. Anything else takes the general path, which gives every
  -- refusal its code. A false yes costs nothing: take_capacity's conditional update decides.
  return p_event.id is not null and p_event.status = 'published' and p_event.starts_at > now()
     and p_event.seating = 'general' and p_event.waiting = 0
     and p_quantity >= 1 and p_quantity <= p_event.max_tickets_per_user
     and p_event.capacity - p_event.held - p_event.booked >= p_quantity
     and (p_idempotency_key is null or evently_private.valid_idempotency_key(p_idempotency_key))
     and evently_private.books_directly(p_event.id);
end;
$$;
comment on function evently_private.books_at_once(evently.events, integer, text) is
  E'Whether book_tickets may take its direct path for this request: general admission, on sale, tickets looking free in this snapshot, no ticket types, waiting room or waiting list, a quantity within 1 and the per-person limit, and a well-formed idempotency key (or none). Errors: none.';
revoke all on function evently_private.books_at_once(evently.events, integer, text) from public;
