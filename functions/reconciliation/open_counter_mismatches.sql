create or replace function evently_private.open_counter_mismatches() returns integer
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- security definer: for /metrics, which runs as evently_authenticator.
  select count(*)::integer from evently.counter_mismatches where repaired_at is null;
$$;
comment on function evently_private.open_counter_mismatches() is
  E'How many recorded counter mismatches are not repaired yet (the evently_counter_mismatches_open metric). Errors: none.';
revoke all on function evently_private.open_counter_mismatches() from public;
grant execute on function evently_private.open_counter_mismatches() to evently_authenticator;
