create or replace function evently_private.queue_hold_expiry(p_hold_id uuid, p_expires_at timestamptz) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- One job per hold (job_key), committed with the hold (a rolled-back hold takes its job
  -- with it); confirm/release remove it, and 'replace' moves it if a hold's expiry ever
  -- changes. Callers queue it before they lock the event row when they can (place_hold,
  -- place_typed_hold: the hold's id is chosen first), so the job insert is not part of the
  -- time the hot row stays locked.
  perform graphile_worker.add_job('expire_hold', json_build_object('hold_id', p_hold_id),
    run_at => p_expires_at, job_key => 'expire_hold:' || p_hold_id, max_attempts => 25);
end;
$$;
comment on function evently_private.queue_hold_expiry(uuid, timestamptz) is
  E'Queues the expire_hold job of hold p_hold_id at p_expires_at (job_key expire_hold:<hold id>). Errors: none.';
revoke all on function evently_private.queue_hold_expiry(uuid, timestamptz) from public;
