create or replace function evently_private.relay_event_changes(p_limit integer default 1000) returns integer
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_ids uuid[];
begin
  -- Every recorded event (oldest first) is notified, including rows a booking in flight has
  -- locked: their committed change is news now, and the in-flight one keeps the row for the
  -- next round. Only rows nobody holds are removed (SKIP LOCKED): a booking that recorded its
  -- event and has not committed yet finds its row still there for the next round, and a
  -- booking that starts now waits for this round's commit and records its event afresh.
  -- PostgreSQL delivers the notifications at this commit, after the deletes, so whatever
  -- a removed row stood for is committed when listeners re-read.
  select array_agg(c.event_id order by c.changed_at) into v_ids
    from (select x.event_id, x.changed_at from evently_private.changed_events x
           order by x.changed_at limit p_limit) c;
  if v_ids is null then
    return 0;
  end if;
  perform pg_notify('evently_event:' || i::text, '') from unnest(v_ids) i;
  delete from evently_private.changed_events c
   where c.event_id in (select x.event_id from evently_private.changed_events x
                         where x.event_id = any (v_ids) for update skip locked);
  return cardinality(v_ids);
end;
$$;
comment on function evently_private.relay_event_changes(integer) is
  E'Sends the live-update NOTIFY evently_event:<event id> (empty payload) for up to p_limit events recorded in changed_events, and removes them; returns how many. Called every LIVE_UPDATES_RELAY_MS by the API and worker processes (src/db/live-updates.ts). Errors: none.';
revoke all on function evently_private.relay_event_changes(integer) from public;
grant execute on function evently_private.relay_event_changes(integer) to evently_authenticator;
