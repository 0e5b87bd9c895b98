create or replace function evently_private.unlock_dead_workers(grace interval default interval '5 seconds')
  returns text[]
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_dead text[];
begin
  -- graphile-worker frees the jobs (and job queues) of a worker that died mid-job only after
  -- 4 hours. A pool whose liveness lock (lock_worker_pool) nobody holds is gone: its process
  -- was killed or lost its connection. Its jobs run again at once (every task is idempotent).
  -- grace: a pool takes its lock a moment after it starts; jobs locked more recently than
  -- this are left alone. Every worker of the database must be an Evently worker process
  -- (src/worker.ts), or its jobs are taken for a dead worker's.
  select array_agg(distinct d.locked_by order by d.locked_by) into v_dead
    from (select j.locked_by, j.locked_at from graphile_worker._private_jobs j where j.locked_by is not null
          union all
          select q.locked_by, q.locked_at from graphile_worker._private_job_queues q where q.locked_by is not null) d
   where d.locked_at < now() - unlock_dead_workers.grace
     and not exists (
       select 1 from pg_locks l
        where l.locktype = 'advisory' and l.granted
          and l.database = (select oid from pg_database where datname = current_database())
          and l.classid = 1163284052 and l.objid = hashtext(d.locked_by)::oid and l.objsubid = 2);
  if v_dead is not null then
    -- Jobs removed or replaced while the dead worker ran them (remove_job, add_job with the
    -- same key: a hold closed by the sweep or a booking) were marked never to run again
    -- (key cleared, attempts = max_attempts, updated after locked_at); the worker would have
    -- deleted them on completion. Unlocked, they would stay as failed jobs: delete them.
    delete from graphile_worker._private_jobs j
     where j.locked_by = any (v_dead) and j.key is null
       and j.attempts >= j.max_attempts and j.updated_at >= j.locked_at;
    -- The interrupted attempt counts (a job that kills its worker must not retry forever);
    -- its last_error says what happened. A job whose attempts ran out (crontab jobs have
    -- max=1: the next tick runs the task again) stays as a failed job, visibly.
    update graphile_worker._private_jobs j
       set last_error = 'worker ' || j.locked_by || ' died while running it (freed by evently_private.unlock_dead_workers)',
           updated_at = now()
     where j.locked_by = any (v_dead);
    perform graphile_worker.force_unlock_workers(v_dead);
  end if;
  return coalesce(v_dead, '{}');
end;
$$;
comment on function evently_private.unlock_dead_workers(interval) is
  E'Frees the jobs and job queues locked longer than grace by graphile-worker pools whose liveness lock (lock_worker_pool) no session holds, i.e. whose process died (their jobs that were removed or replaced while running are deleted, as completion would have); returns those pools'' ids. Every worker process calls it every few seconds (src/worker.ts). Errors: none.';
revoke all on function evently_private.unlock_dead_workers(interval) from public;
