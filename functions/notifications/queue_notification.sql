create or replace function evently_private.queue_notification(
  p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb default '{}'
) returns uuid
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_id uuid;
begin
  -- The outbox row commits or rolls back with the change it reports: a rolled-back
  -- booking never sends "booking confirmed". It is one small insert: the relay
  -- (relay_notifications, tasks/) finds pending rows itself, so no job is queued per row.
  insert into evently.notifications (user_id, kind, event_id, payload)
  values (p_user_id, p_kind, p_event_id, coalesce(p_payload, '{}'))
  returning id into v_id;
  perform evently_private.queue_notification_webhook(p_user_id, p_kind, p_event_id, p_payload);
  perform evently_private.start_notification_relay();
  return v_id;
end;
$$;
comment on function evently_private.queue_notification(uuid, text, uuid, jsonb) is
  E'Writes a notification (outbox row) in the current transaction, and the webhook event of bookings, cancellations and offers when an endpoint wants it; the relay_notifications job delivers them (and is started here if none exists). Errors: none registered.';
revoke all on function evently_private.queue_notification(uuid, text, uuid, jsonb) from public;
