create or replace function evently_private.lock_worker_pool(pool_id text) returns boolean
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- A worker process's liveness, as PostgreSQL sees it: a session advisory lock per
  -- graphile-worker pool (jobs' locked_by), held on a connection the process keeps open.
  -- A killed process (SIGKILL, OOM) loses its connection and the lock with it, at once;
  -- unlock_dead_workers then frees the jobs it held. Class 1163284052 is 'EVNT'.
  -- false: another live session holds the same hash (a 32-bit collision; harmless: that
  -- pool's lock then vouches for this one's jobs too).
  select pg_try_advisory_lock(1163284052, hashtext(lock_worker_pool.pool_id));
$$;
comment on function evently_private.lock_worker_pool(text) is
  E'Takes the session advisory lock that says the graphile-worker pool pool_id is alive (src/worker.ts holds it on a dedicated connection while the pool runs); returns false when another session holds that lock. Errors: none.';
revoke all on function evently_private.lock_worker_pool(text) from public;
