create or replace function evently_private.schedule_webhook_delivery(p_delivery_id uuid) returns void
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- One job per delivery (its own key): graphile-worker retries a failed attempt with
  -- exponential backoff (e^attempts seconds: 3 s, 7 s, 20 s, ... about 3.5 hours for all 10).
  -- One queue per endpoint: its deliveries go one at a time, in order, so a slow or
  -- hanging endpoint holds at most one worker slot (hold expiry and the relay keep theirs).
  select graphile_worker.add_job('deliver_webhook', json_build_object('delivery_id', d.id),
                                 queue_name => 'deliver_webhook:' || d.endpoint_id,
                                 job_key => 'deliver_webhook:' || d.id, max_attempts => 10)
    from evently.webhook_deliveries d
   where d.id = p_delivery_id;
$$;
comment on function evently_private.schedule_webhook_delivery(uuid) is
  E'Queues the deliver_webhook job of one delivery (job key deliver_webhook:<id>, in its endpoint''s own queue so that one endpoint''s deliveries run one at a time; 10 attempts with exponential backoff). Errors: none registered.';
revoke all on function evently_private.schedule_webhook_delivery(uuid) from public;
