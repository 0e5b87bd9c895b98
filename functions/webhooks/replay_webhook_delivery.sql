create or replace function evently.replay_webhook_delivery(delivery_id uuid) returns evently.webhook_deliveries
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_original evently.webhook_deliveries;
  v_active boolean;
  v_delivery evently.webhook_deliveries;
begin
  select * into v_original from evently.webhook_deliveries d where d.id = replay_webhook_delivery.delivery_id;
  if not found then
    raise exception 'Webhook delivery not found' using errcode = 'EVNFD', detail = 'delivery_id';
  end if;
  select e.active into v_active from evently.webhook_endpoints e where e.id = v_original.endpoint_id;
  if not v_active then
    raise exception 'The endpoint is inactive: activate it before replaying' using errcode = 'EVWHI', detail = 'delivery_id';
  end if;
  -- security definer: no API role writes deliveries. A new delivery of the same event (same
  -- webhook-id) to the same endpoint, sent by its own job; the original keeps its record.
  insert into evently.webhook_deliveries (endpoint_id, webhook_event_id, replay_of)
  values (v_original.endpoint_id, v_original.webhook_event_id, v_original.id)
  returning * into v_delivery;
  perform evently_private.schedule_webhook_delivery(v_delivery.id);
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'webhook_delivery.replayed', 'webhook_endpoint', v_delivery.endpoint_id,
          jsonb_build_object('delivery_id', v_delivery.id, 'replay_of', v_original.id));
  return v_delivery;
end;
$$;
comment on function evently.replay_webhook_delivery(uuid) is
  E'Admin: sends a delivery''s webhook event again to its endpoint (whatever became of the first: delivered, failed or pending), as a new delivery with replay_of set and the same webhook-id. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD, EVWHI (endpoint inactive).';
revoke all on function evently.replay_webhook_delivery(uuid) from public;
grant execute on function evently.replay_webhook_delivery(uuid) to evently_anonymous, evently_user;
