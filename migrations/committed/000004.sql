--! Previous: sha1:c4c77a1c6ccc44513cfc0c420f6b392a7beebc29
--! Hash: sha1:1604d1244906e3bbfd3009f5f47d2dca4de1ceee

-- REST API, operations and analytics (issue 5).

-------------------------------------------------------------------------------
-- evently_ops: what the HTTP server itself needs as evently_authenticator, outside any
-- API role: shared rate-limit counters (several app instances, one database) and the
-- worker heartbeats. Not exposed through GraphQL. The readiness and heartbeat functions
-- live in evently_private (functions/internal/), executable by evently_authenticator only.
-------------------------------------------------------------------------------
create schema if not exists evently_ops;
revoke all on schema evently_ops from public;
grant usage on schema evently_ops to evently_authenticator;
grant usage on schema evently_private to evently_authenticator;

-- Layout required by rate-limiter-flexible's RateLimiterPostgres (tableCreated: true):
-- key, points consumed in the window, window end in epoch milliseconds.
create table evently_ops.rate_limit_hits (
  key varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);
comment on table evently_ops.rate_limit_hits is
  E'Rate-limit counters shared by every app instance (rate-limiter-flexible); rows past expire are stale.';
create index rate_limit_hits_expire_idx on evently_ops.rate_limit_hits (expire);
grant select, insert, update, delete on evently_ops.rate_limit_hits to evently_authenticator;

-------------------------------------------------------------------------------
-- Analytics indexes (functions/analytics/): time-window scans stay index range scans
-- at millions of bookings instead of sequential scans.
-------------------------------------------------------------------------------
create index bookings_created_idx on evently.bookings (created_at) include (status, quantity, total_cents);
create index bookings_cancelled_idx on evently.bookings (cancelled_at) where cancelled_at is not null;
-- Per-event revenue and tickets sold without visiting the heap (index-only scans).
create index bookings_event_confirmed_idx on evently.bookings (event_id) include (quantity, total_cents)
  where status = 'confirmed';
create index holds_created_idx on evently.holds (created_at) include (status);

-- Each job worker process upserts its row every few seconds (src/worker.ts); /ready needs
-- one seen recently. graphile-worker keeps no liveness record of idle workers itself.
create table evently_ops.worker_heartbeats (
  worker_id text primary key,
  started_at timestamptz not null default now(),
  seen_at timestamptz not null default now()
);
comment on table evently_ops.worker_heartbeats is
  E'Last sign of life of each job worker process (src/worker.ts); read by evently_private.readiness().';
create index worker_heartbeats_seen_idx on evently_ops.worker_heartbeats (seen_at);
