create or replace function evently_private.sweep_expired_holds() returns integer
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  select coalesce(sum(evently_private.reclaim_expired_holds(event_id)), 0)::integer
    from (select distinct event_id from evently.holds where status = 'active' and expires_at <= now()) due;
$$;
comment on function evently_private.sweep_expired_holds() is
  E'Safety net behind the per-hold expire_hold jobs (crontab): releases every expired active hold; returns tickets freed. Errors: EVSLD, EVSTK.';
revoke all on function evently_private.sweep_expired_holds() from public;
