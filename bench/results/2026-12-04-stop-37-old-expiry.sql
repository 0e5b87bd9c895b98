-- The hold's expire_hold job queued in its own transaction, as before stop 37 (graphile_worker.add_job, with its NOTIFY).
create or replace function evently_private.queue_hold_expiry(p_hold_id uuid, p_expires_at timestamptz, p_event_id uuid) returns void
  language plpgsql volatile set search_path to pg_catalog, public, pg_temp as $$
begin
  perform graphile_worker.add_job('expire_hold', json_build_object('hold_id', p_hold_id),
    run_at => p_expires_at, job_key => 'expire_hold:' || p_hold_id, max_attempts => 25, job_key_mode => 'unsafe_dedupe');
end; $$;
