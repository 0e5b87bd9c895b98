create or replace function evently_private.queue_webhook_event(p_type text, p_event_id uuid, p_data jsonb)
  returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_queued integer;
begin
  -- Only when an active endpoint wants this type: otherwise nothing is written, and a
  -- booking pays one index probe of a small table.
  if not exists (select 1 from evently.webhook_endpoints e where e.active and e.event_types @> array[p_type]) then
    return 0;
  end if;
  -- The outbox row commits or rolls back with the change it reports.
  insert into evently.webhook_events (type, event_id, data)
  select p_type, p_event_id,
         coalesce(p_data, jsonb_build_object('event_id', e.id, 'name', e.name, 'starts_at', e.starts_at, 'capacity', e.capacity))
    from evently.events e where e.id = p_event_id;
  get diagnostics v_queued = row_count;
  -- The relay (relay_notifications) delivers; start it if no relay job exists yet.
  if v_queued > 0 then
    perform evently_private.start_notification_relay();
  end if;
  return v_queued;
end;
$$;
comment on function evently_private.queue_webhook_event(text, uuid, jsonb) is
  E'Writes a webhook event (the webhook outbox) in the current transaction when an active endpoint wants its type (p_data null: the event''s id, name, start and capacity); returns how many were written (0 or 1). The outbox relay makes the deliveries. Errors: none registered.';
revoke all on function evently_private.queue_webhook_event(text, uuid, jsonb) from public;
