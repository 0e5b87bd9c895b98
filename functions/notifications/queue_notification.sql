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
  -- The relay keeps itself running (it re-arms); this only starts it when no relay job
  -- exists yet (a fresh database). A read, no write, on every later call.
  if not exists (select 1 from graphile_worker.jobs where key = 'relay_notifications') then
    perform graphile_worker.add_job('relay_notifications', '{}'::json, job_key => 'relay_notifications');
  end if;
  return v_id;
end;
$$;
comment on function evently_private.queue_notification(uuid, text, uuid, jsonb) is
  E'Writes a notification (outbox row) in the current transaction; the relay_notifications job delivers it (and is started here if none exists). Errors: none registered.';
revoke all on function evently_private.queue_notification(uuid, text, uuid, jsonb) from public;
