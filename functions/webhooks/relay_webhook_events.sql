create or replace function evently_private.relay_webhook_events(p_limit integer) returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_event record;
  v_delivery_id uuid;
  v_relayed integer := 0;
begin
  -- Oldest first; rows another relay holds are skipped, so no event is fanned out twice.
  for v_event in
    select w.id, w.type, w.created_at from evently.webhook_events w
     where w.relayed_at is null
     order by w.created_at
     limit p_limit
       for update skip locked
  loop
    -- One delivery per endpoint that wanted this type when it happened.
    for v_delivery_id in
      insert into evently.webhook_deliveries (endpoint_id, webhook_event_id)
      select e.id, v_event.id from evently.webhook_endpoints e
       where e.active and v_event.type = any(e.event_types) and e.created_at <= v_event.created_at
      returning id
    loop
      perform evently_private.schedule_webhook_delivery(v_delivery_id);
    end loop;
    update evently.webhook_events w set relayed_at = now() where w.id = v_event.id;
    v_relayed := v_relayed + 1;
  end loop;
  return v_relayed;
end;
$$;
comment on function evently_private.relay_webhook_events(integer) is
  E'The relay''s webhook step: up to p_limit pending webhook events, oldest first (skipping those another relay holds), each turned into one delivery per active endpoint that wants its type, each delivery queued as a deliver_webhook job. Returns how many events were relayed. Errors: none registered.';
revoke all on function evently_private.relay_webhook_events(integer) from public;
