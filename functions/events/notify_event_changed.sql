create or replace function evently_private.notify_event_changed() returns trigger
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- Live updates (GraphQL subscription eventChanged, docs/web.md#live-updates): every way
  -- availability changes (hold, book, confirm, release, expire, cancel, waitlist offer,
  -- edit) updates this event's row, so one trigger covers them all. The channel names the
  -- event and the payload is empty: PostgreSQL folds a notification identical to one
  -- already queued in the transaction, so a transaction sends one per changed event
  -- however many times it touched the row. Delivered at commit only, never for a rollback.
  -- Cost: a notifying commit takes PostgreSQL's global notification-queue lock, so such
  -- commits no longer share WAL flushes (bench/notify-cost.sh). `evently.live_updates = off`
  -- (ALTER DATABASE ... SET, no deploy) turns it off; clients fall back to their slow poll.
  if coalesce(current_setting('evently.live_updates', true), '') <> 'off' then
    perform pg_notify('evently_event:' || new.id::text, '');
  end if;
  return null;
end;
$$;
comment on function evently_private.notify_event_changed() is
  E'Trigger (after update on evently.events, per row): NOTIFY evently_event:<event id> with an empty payload, once per event per transaction; nothing while the setting evently.live_updates is off. Errors: none.';
revoke all on function evently_private.notify_event_changed() from public;
