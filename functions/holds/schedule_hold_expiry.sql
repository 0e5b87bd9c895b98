create or replace function evently_private.schedule_hold_expiry(p_hold evently.holds) returns void
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- One job per hold (job_key), committed with the hold; confirm/release remove it, and
  -- 'replace' moves it if a hold's expiry ever changes.
  select null from graphile_worker.add_job('expire_hold', json_build_object('hold_id', p_hold.id),
    run_at => p_hold.expires_at, job_key => 'expire_hold:' || p_hold.id, max_attempts => 25);
$$;
comment on function evently_private.schedule_hold_expiry(evently.holds) is
  E'Queues the hold''s expire_hold job at expires_at (job_key expire_hold:<hold id>). Errors: none.';
revoke all on function evently_private.schedule_hold_expiry(evently.holds) from public;
