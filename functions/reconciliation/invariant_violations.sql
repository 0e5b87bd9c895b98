create or replace function evently_private.invariant_violations(p_event_ids uuid[] default null)
  returns table (event_id uuid, counter text, recorded integer, actual integer)
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  -- The one oracle: reconciliation (reconcile_counters), the tests (test/helpers.ts), the
  -- benchmark (bench/invariants.ts) and the backup drill all ask it.
  select a.event_id, a.counter, a.recorded, a.actual
    from evently_private.counter_actuals(p_event_ids) a
   where a.recorded is distinct from a.actual
   order by a.event_id, a.counter;
$$;
comment on function evently_private.invariant_violations(uuid[]) is
  E'Every invariant that does not hold, for the given events (all when null): a counter that differs from the rows it counts, or seats owned by no live hold or booking (see counter_actuals). Empty means consistent. Errors: none.';
revoke all on function evently_private.invariant_violations(uuid[]) from public;
