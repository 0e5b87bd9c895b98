--! Previous: sha1:7fda44ca6a7bc4e70b4c46d75ca12c7699d0d916
--! Hash: sha1:d4327a0c956f43679adfdf6ac05c614204e8bbc9

-- Live updates (issue 12): one NOTIFY per changed event per transaction, on the channel
-- evently_event:<event id>, for the GraphQL subscription eventChanged. Every change of an
-- event's availability updates its row, so one trigger on evently.events covers holds,
-- bookings, confirmations, releases, expiries, cancellations and offers. The function's
-- readable source is functions/events/notify_event_changed.sql (re-applied by every
-- deploy); it is created here too because the trigger needs it before functions/ runs.
create or replace function evently_private.notify_event_changed() returns trigger
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  perform pg_notify('evently_event:' || new.id::text, '');
  return null;
end;
$$;
revoke all on function evently_private.notify_event_changed() from public;

drop trigger if exists events_notify_changed on evently.events;
create trigger events_notify_changed
  after update on evently.events
  for each row
  when (old.* is distinct from new.*)
  execute function evently_private.notify_event_changed();
