create or replace function evently_private.roll_demo_events() returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_moved integer;
begin
  -- The demo (src/db/seed.ts) marks its events in audit_log ('demo_event_seeded'). Each
  -- boot moves those that have started forward by whole weeks (same weekday and time) to
  -- the first date still ahead, so the demo always has upcoming events. Real events are
  -- never touched: only marked ones move, and only while published.
  with moved as (
    update evently.events e
       set starts_at = e.starts_at + weeks * interval '7 days',
           ends_at = e.ends_at + weeks * interval '7 days',
           updated_at = now()
      from (select e2.id, floor(extract(epoch from now() - e2.starts_at) / 604800)::integer + 1 as weeks
              from evently.events e2
             where e2.status = 'published' and e2.starts_at <= now()
               and exists (select 1 from evently.audit_log a
                            where a.action = 'demo_event_seeded' and a.subject_type = 'event' and a.subject_id = e2.id)) d
     where e.id = d.id
    returning e.id, d.weeks
  )
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  select null, 'demo_event_rolled_forward', 'event', m.id, jsonb_build_object('weeks', m.weeks) from moved m;
  get diagnostics v_moved = row_count;
  return v_moved;
end;
$$;
comment on function evently_private.roll_demo_events() is
  E'Moves the demo''s events (marked ''demo_event_seeded'' in audit_log by the seed) that have started forward by whole weeks, to their next date ahead; run by npm start at each boot. Returns how many moved. Errors: none.';
revoke all on function evently_private.roll_demo_events() from public;
