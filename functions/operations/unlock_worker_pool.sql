create or replace function evently_private.unlock_worker_pool(pool_id text) returns boolean
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  select pg_advisory_unlock(1163284052, hashtext(unlock_worker_pool.pool_id));
$$;
comment on function evently_private.unlock_worker_pool(text) is
  E'Releases lock_worker_pool''s lock (a pool that stopped and whose jobs are released). Returns whether this session held it. Errors: none.';
revoke all on function evently_private.unlock_worker_pool(text) from public;
