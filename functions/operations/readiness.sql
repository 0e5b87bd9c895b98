create or replace function evently_private.readiness(
  out latest_migration text,
  out worker_seen_at timestamptz,
  out job_lag_seconds double precision,
  out jobs_due integer
)
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- security definer: the HTTP server's login (evently_authenticator) may not read
  -- graphile-migrate's or graphile-worker's tables, only this summary of them.
  select
    (select filename from graphile_migrate.migrations order by date desc, filename desc limit 1),
    (select max(seen_at) from evently_ops.worker_heartbeats),
    coalesce((select extract(epoch from now() - min(run_at))::double precision
                from graphile_worker._private_jobs where is_available and run_at <= now()), 0),
    (select count(*)::integer from graphile_worker._private_jobs where is_available and run_at <= now());
$$;
comment on function evently_private.readiness() is
  E'For /ready and /metrics: the newest applied migration, the newest worker heartbeat, and how long the oldest due job has waited (0 when none) and how many are due. Errors: none.';
revoke all on function evently_private.readiness() from public;
grant execute on function evently_private.readiness() to evently_authenticator;
