create or replace function evently_private.purge_idempotency_keys(retention interval default interval '24 hours')
  returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_deleted integer;
begin
  if retention < interval '24 hours' then
    raise exception 'Idempotency keys are kept at least 24 hours' using errcode = 'EVINV', detail = 'retention';
  end if;
  delete from evently_private.idempotency_keys where created_at < now() - retention;
  get diagnostics v_deleted = row_count;
  return v_deleted;
end;
$$;
comment on function evently_private.purge_idempotency_keys(interval) is
  E'Deletes idempotency keys older than retention (at least 24 hours; crontab job). Returns how many. Errors: EVINV.';
revoke all on function evently_private.purge_idempotency_keys(interval) from public;
