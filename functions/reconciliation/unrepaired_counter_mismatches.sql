create or replace function evently.unrepaired_counter_mismatches() returns setof evently.counter_mismatches
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- For the organizer's dashboard alert: what reconcile_counters recorded and nobody has
  -- repaired yet (repairs stay a DBA's act: evently_private.repair_counter).
  -- Security definer, like analytics_*: require_admin is the gate (no API role may execute it).
  perform evently_private.require_admin();
  return query
  select m.* from evently.counter_mismatches m
   where m.repaired_at is null
   order by m.detected_at desc, m.id desc;
end;
$$;
comment on function evently.unrepaired_counter_mismatches() is
  E'Admin: the counter mismatches reconciliation recorded and nobody repaired yet, newest first. Errors: EVAUT, EVFBD.';
revoke all on function evently.unrepaired_counter_mismatches() from public;
grant execute on function evently.unrepaired_counter_mismatches() to evently_user;
