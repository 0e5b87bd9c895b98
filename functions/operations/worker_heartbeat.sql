create or replace function evently_private.worker_heartbeat(worker_id text) returns void
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  insert into evently_ops.worker_heartbeats (worker_id) values (worker_heartbeat.worker_id)
  on conflict (worker_id) do update set seen_at = now();
  -- Rows of workers gone for a day only clutter the table.
  delete from evently_ops.worker_heartbeats where seen_at < now() - interval '1 day';
$$;
comment on function evently_private.worker_heartbeat(text) is
  E'Called by each job worker process every few seconds (owner connection); /ready treats a heartbeat older than a minute as no worker. Errors: none.';
revoke all on function evently_private.worker_heartbeat(text) from public;
