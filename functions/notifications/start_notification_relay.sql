create or replace function evently_private.start_notification_relay()
  returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- The relay keeps itself running (it re-arms); this only starts it when no relay job
  -- exists yet (a fresh database). A read, no write, on every later call.
  if not exists (select 1 from graphile_worker.jobs where key = 'relay_notifications') then
    perform graphile_worker.add_job('relay_notifications', '{}'::json, job_key => 'relay_notifications');
  end if;
end;
$$;
comment on function evently_private.start_notification_relay() is
  E'Queues the relay_notifications job (which delivers notifications and webhook events) unless one exists; called by whatever writes to either outbox. Errors: none registered.';
revoke all on function evently_private.start_notification_relay() from public;
