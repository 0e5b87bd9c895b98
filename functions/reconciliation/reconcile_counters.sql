create or replace function evently_private.reconcile_counters() returns setof evently.counter_mismatches
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Records, never repairs: a mismatch means a bug or a hand edit, and a person should
  -- look (evently_private.repair_counter). An already open mismatch is not recorded twice.
  insert into evently.counter_mismatches (event_id, counter, recorded, actual)
  select event_id, counter, recorded, actual
    from evently_private.invariant_violations()
  on conflict (event_id, counter) where repaired_at is null do nothing
  returning *;
$$;
comment on function evently_private.reconcile_counters() is
  E'Compares every counter with the rows it counts and records each new mismatch in evently.counter_mismatches (the reconcile_counters job); returns the new ones. Errors: none.';
revoke all on function evently_private.reconcile_counters() from public;
