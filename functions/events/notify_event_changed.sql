create or replace function evently_private.notify_event_changed() returns trigger
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- Live updates (GraphQL subscription eventChanged, docs/web.md#live-updates): every way
  -- availability changes (hold, book, confirm, release, expire, cancel, waitlist offer,
  -- edit) updates this event's row, so one trigger covers them all. It records the event in
  -- changed_events in this transaction (so never for a rollback); relay_event_changes sends
  -- the NOTIFY, batched, from its own commit. Not pg_notify here: a notifying commit takes
  -- PostgreSQL's global notification-queue lock until it is flushed, which serialized every
  -- booking's commit with every other's (bench/notify-cost.sh). When the row exists already
  -- it is updated in place (same values, unlogged, no index change), not skipped: the
  -- update locks it until this transaction ends, so a relay round now cannot delete it
  -- (it skips locked rows) and leave this change without a NOTIFY.
  -- `evently.live_updates = off` (ALTER DATABASE ... SET, no deploy) turns it off; clients
  -- fall back to their slow poll.
  if coalesce(current_setting('evently.live_updates', true), '') <> 'off' then
    insert into evently_private.changed_events as c (event_id) values (new.id)
      on conflict (event_id) do update set changed_at = c.changed_at;
  end if;
  return null;
end;
$$;
comment on function evently_private.notify_event_changed() is
  E'Trigger (after update on evently.events, per row): records the event in evently_private.changed_events, whose relay (relay_event_changes) sends NOTIFY evently_event:<event id> with an empty payload; nothing while the setting evently.live_updates is off. Errors: none.';
revoke all on function evently_private.notify_event_changed() from public;
