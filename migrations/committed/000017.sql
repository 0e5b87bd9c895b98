--! Previous: sha1:2060797b945171fa0e8356a0517b7bddc2ea5dc1
--! Hash: sha1:ef12364c0846b7655608d4edc4c2a766145f4395

-- A hold's expiry job, relayed (issue 15). graphile_worker.add_job sends NOTIFY "jobs:insert"
-- for every new job, also for one due minutes later, and a notifying commit holds
-- PostgreSQL's notification-queue lock until its WAL is flushed: every hold's commit was
-- serialized with every other's, whatever event it was for (holds over 1,000 events, 32
-- clients, PostgreSQL 15: 518 holds/s, 824 with this; bench/results/2026-12-04-stop-37.md).
-- A hold now writes one row here in its own transaction (so a rolled-back hold leaves none);
-- the relay that delivers notifications turns the rows into the same per-hold expire_hold
-- jobs (job key expire_hold:<hold id>) in batches, one NOTIFY each
-- (evently_private.relay_hold_expiries). No foreign keys: the row is written before the hold
-- row exists (its id is chosen first), a key to events would lock the hot event row for share
-- before the hold takes it, and the relay skips rows whose hold is gone or no longer active.
-- event_id is the distribution column on shards (docs/scale-out.md). If the relay stops, the
-- crontab's sweep_expired_holds still releases expired holds every minute.
create table evently_private.hold_expiries (
  event_id uuid not null,
  hold_id uuid not null,
  expires_at timestamptz not null,
  primary key (event_id, hold_id)
);
comment on table evently_private.hold_expiries is
  E'Holds whose expire_hold job is still to be queued: written by the hold''s transaction, turned into jobs by the relay (relay_hold_expiries).';
alter table evently_private.hold_expiries enable row level security;
