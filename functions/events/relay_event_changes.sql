create or replace function evently_private.relay_event_changes(p_limit integer default 1000) returns integer
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_event_id uuid;
  v_sent integer := 0;
begin
  -- One commit notifies up to p_limit changed events (oldest first); PostgreSQL delivers the
  -- notifications at that commit. SKIP LOCKED: relays of several processes share the rows,
  -- and a booking that is recording its event right now is not waited for (next round).
  for v_event_id in
    delete from evently_private.changed_events c
     where c.event_id in (select x.event_id from evently_private.changed_events x
                           order by x.changed_at limit p_limit for update skip locked)
    returning c.event_id
  loop
    perform pg_notify('evently_event:' || v_event_id::text, '');
    v_sent := v_sent + 1;
  end loop;
  return v_sent;
end;
$$;
comment on function evently_private.relay_event_changes(integer) is
  E'Sends the live-update NOTIFY evently_event:<event id> (empty payload) for up to p_limit events recorded in changed_events, and removes them; returns how many. Called every LIVE_UPDATES_RELAY_MS by the API and worker processes (src/db/live-updates.ts). Errors: none.';
revoke all on function evently_private.relay_event_changes(integer) from public;
grant execute on function evently_private.relay_event_changes(integer) to evently_authenticator;
