create or replace function evently_private.queue_hold_expiry(p_hold_id uuid, p_expires_at timestamptz) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- One job per hold (job_key), committed with the hold (a rolled-back hold takes its job
  -- with it); confirm/release remove it. Callers queue it before they lock the event row
  -- when they can (place_hold, place_typed_hold: the hold's id is chosen first), so the job
  -- insert is not part of the time the hot row stays locked.
  -- Only for a new hold: its key is its own new id, which no job has, so 'unsafe_dedupe'
  -- (insert, or nothing if the key exists) does what 'replace' would. 'replace' first looks
  -- for a running job of the key with a join each session plans once: planned while the job
  -- table was nearly empty (a new database, or a quiet one: finished jobs are deleted) it
  -- read the whole table for every hold until autovacuum's next analyze, so a hold rush
  -- slowed down as its holds' jobs piled up (bench/results/2026-12-02-stop-23.md).
  perform graphile_worker.add_job('expire_hold', json_build_object('hold_id', p_hold_id),
    run_at => p_expires_at, job_key => 'expire_hold:' || p_hold_id, max_attempts => 25,
    job_key_mode => 'unsafe_dedupe');
end;
$$;
comment on function evently_private.queue_hold_expiry(uuid, timestamptz) is
  E'Queues the expire_hold job of a new hold (job key expire_hold:<hold id>) to run at its expiry; in the hold''s transaction. Not for a hold that already has its job (its run_at would not move). Errors: none.';
revoke all on function evently_private.queue_hold_expiry(uuid, timestamptz) from public;
