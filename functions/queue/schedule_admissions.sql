create or replace function evently_private.schedule_admissions(
  p_event_id uuid, p_run_at timestamptz, p_replace boolean default true
) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- One admissions job per room (job_key). Without p_replace an existing job is left as it
  -- is: a join only makes sure one exists, with a read and no write when it does.
  if not p_replace and exists (select 1 from graphile_worker.jobs j where j.key = 'admit_from_queue:' || p_event_id) then
    return;
  end if;
  perform graphile_worker.add_job('admit_from_queue', json_build_object('event_id', p_event_id),
    run_at => p_run_at, job_key => 'admit_from_queue:' || p_event_id, max_attempts => 25);
end;
$$;
comment on function evently_private.schedule_admissions(uuid, timestamptz, boolean) is
  E'Queues the room''s admit_from_queue job at p_run_at (job_key admit_from_queue:<event id>); with p_replace false, only when none is queued. Errors: none.';
revoke all on function evently_private.schedule_admissions(uuid, timestamptz, boolean) from public;
