--! Previous: sha1:a0d3d92780a8a24ca578084a024fb249acbe7fb9
--! Hash: sha1:fce3f176b90e866474b0710f363695558a71063b

-- Live updates without a notifying commit per booking (issue 15). A transaction that calls
-- pg_notify takes PostgreSQL's cluster-wide notification-queue lock at commit and holds it
-- until the commit is flushed, so every booking's commit was serialized with every other's,
-- whatever event it touched (bench/notify-cost.sh: 1,133 → 187 tps over 1,000 events). Now
-- the events trigger only records the changed event here, in the same transaction (nothing
-- for a rollback); evently_private.relay_event_changes, called every LIVE_UPDATES_RELAY_MS
-- by the API and worker processes, sends one NOTIFY per changed event from one commit.
-- Unlogged: these rows are only "tell the listeners soon"; after a crash the table is empty
-- and clients catch up with their slow poll. No foreign key: it would lock the hot event row.
create unlogged table evently_private.changed_events (
  event_id uuid primary key,
  changed_at timestamptz not null default clock_timestamp()
);
comment on table evently_private.changed_events is
  E'Events changed by committed transactions whose live-update NOTIFY (evently_event:<id>) is still to be sent by evently_private.relay_event_changes. One row per event however many changes.';
alter table evently_private.changed_events enable row level security;
