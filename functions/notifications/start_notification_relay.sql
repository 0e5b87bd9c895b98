create or replace function evently_private.start_notification_relay()
  returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- The relay keeps itself running (it re-arms) and the crontab re-creates it every minute;
  -- this only starts it on a database that has never queued a notification. The check reads
  -- graphile_worker's job view (three tables: six of a booking's 31 relation locks), so a
  -- connection makes it once: evently.relay_seen is session state, set only after the job
  -- was seen or queued, and undone with the transaction if that rolls back. A relay lost
  -- later (a DBA deleting its job) is the crontab's to restart, as after a crashed worker.
  -- Only one transaction at a time queues it, and none waits for another to: add_job locks
  -- the relay's job row until commit, and holds call this before they take their event row
  -- while bookings may call it after, so a wait here could close a deadlock (two holds and a
  -- typed booking did, in test/concurrency/ticket-types.test.ts). A transaction that finds
  -- the try-lock taken skips, and its connection asks again next time.
  if current_setting('evently.relay_seen', true) is distinct from 'on' then
    if exists (select 1 from graphile_worker.jobs where key = 'relay_notifications') then
      perform set_config('evently.relay_seen', 'on', false);
    elsif pg_try_advisory_xact_lock(hashtextextended('evently.relay_notifications', 0)) then
      perform graphile_worker.add_job('relay_notifications', '{}'::json, job_key => 'relay_notifications');
      perform set_config('evently.relay_seen', 'on', false);
    end if;
  end if;
end;
$$;
comment on function evently_private.start_notification_relay() is
  E'Queues the relay_notifications job (which delivers notifications and webhook events) unless one exists; checked once per connection (the session setting evently.relay_seen), the crontab restarting a relay lost later. Called by whatever writes to an outbox (notifications, webhook events, hold expiries). Errors: none registered.';
revoke all on function evently_private.start_notification_relay() from public;
