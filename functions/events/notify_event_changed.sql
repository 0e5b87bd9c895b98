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
  perform pg_notify('evently_event:' || new.id::text, '');
  return null;
end;
$$;
comment on function evently_private.notify_event_changed() is
  E'Trigger (after update on evently.events, per row): NOTIFY evently_event:<event id> with an empty payload, once per event per transaction. Errors: none.';
revoke all on function evently_private.notify_event_changed() from public;
