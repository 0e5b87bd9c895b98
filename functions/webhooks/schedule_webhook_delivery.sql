create or replace function evently_private.schedule_webhook_delivery(p_delivery_id uuid) returns void
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- One job per delivery (its own key): graphile-worker retries a failed attempt with
  -- exponential backoff (e^attempts seconds: 3 s, 7 s, 20 s, ... about 3.5 hours for all 10).
  select graphile_worker.add_job('deliver_webhook', json_build_object('delivery_id', p_delivery_id),
                                 job_key => 'deliver_webhook:' || p_delivery_id, max_attempts => 10);
$$;
comment on function evently_private.schedule_webhook_delivery(uuid) is
  E'Queues the deliver_webhook job of one delivery (job key deliver_webhook:<id>, 10 attempts with exponential backoff). Errors: none registered.';
revoke all on function evently_private.schedule_webhook_delivery(uuid) from public;
