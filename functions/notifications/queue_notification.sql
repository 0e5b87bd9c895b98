create or replace function evently_private.queue_notification(
  p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb default '{}'
) returns uuid
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_id uuid;
begin
  -- The outbox row and its delivery job commit or roll back with the change they
  -- report: a rolled-back booking never sends "booking confirmed".
  insert into evently.notifications (user_id, kind, event_id, payload)
  values (p_user_id, p_kind, p_event_id, coalesce(p_payload, '{}'))
  returning id into v_id;
  perform graphile_worker.add_job('send_notification', json_build_object('notification_id', v_id),
    max_attempts => 10, job_key => 'send_notification:' || v_id);
  return v_id;
end;
$$;
comment on function evently_private.queue_notification(uuid, text, uuid, jsonb) is
  E'Writes a notification (outbox row) and queues its send_notification job in the current transaction. Errors: none.';
revoke all on function evently_private.queue_notification(uuid, text, uuid, jsonb) from public;
