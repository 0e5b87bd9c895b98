--! Previous: sha1:795b4f8c96fbb960e0ffad1341f1fa228c8a7d83
--! Hash: sha1:ffada09c23d89f6b5597d0700bd9b956e28b7693

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
