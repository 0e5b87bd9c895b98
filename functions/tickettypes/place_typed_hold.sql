create or replace function evently_private.place_typed_hold(
  p_event evently.events, p_type evently.ticket_types, p_user_id uuid, p_quantity integer,
  p_expiry_job boolean default false
) returns evently.holds
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_hold evently.holds;
  v_hold_id uuid := gen_random_uuid();
  v_expires_at timestamptz := now() + p_event.hold_ttl;
begin
  perform evently_private.lock_and_check_ticket_limit(p_event, p_user_id, p_quantity);
  perform evently_private.check_ticket_type_limit(p_type, p_user_id, p_quantity);
  -- The expiry record (queue_hold_expiry) before the event row is locked (it rolls back with
  -- the hold if this fails).
  if p_expiry_job then
    perform evently_private.queue_hold_expiry(v_hold_id, v_expires_at, p_event.id);
  end if;
  -- The event row first (take_capacity), then the type's (the hold's insert trigger): the
  -- lock order of every path that ends holds, so taking and freeing never deadlock.
  perform evently_private.take_capacity(p_event.id, p_quantity, 'held', p_type.id);
  insert into evently.holds (id, event_id, user_id, quantity, expires_at, ticket_type_id)
  values (v_hold_id, p_event.id, p_user_id, p_quantity, v_expires_at, p_type.id)
  returning * into v_hold;
  return v_hold;
end;
$$;
comment on function evently_private.place_typed_hold(evently.events, evently.ticket_types, uuid, integer, boolean) is
  E'Checks the per-user limits (event and type), takes the event''s capacity and inserts an active hold of the type, whose trigger takes the type''s (EVSLD when the type is sold out). With p_expiry_job, also its expiry record for the relay (queue_hold_expiry), written before the event row is locked. Errors: EVECN, EVLIM, EVQTY, EVSLD.';
revoke all on function evently_private.place_typed_hold(evently.events, evently.ticket_types, uuid, integer, boolean) from public;
