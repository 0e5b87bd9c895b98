--! Previous: sha1:8ee7ccf8f117e1324dafbb7e53f38803df499eb0
--! Hash: sha1:2683f78de0eacb1c7ff82ec9b41ce60d38cc5158

-- The notification outbox without a job per row (issue 15): bookings insert one outbox row
-- and nothing else; the relay_notifications job claims pending rows in batches (FOR UPDATE
-- SKIP LOCKED) and delivers them. Retries of a failed delivery are scheduled on the row
-- itself (exponential backoff, 'failed' after 10 attempts), as graphile-worker did per job.
alter table evently.notifications add column next_attempt_at timestamptz;
comment on column evently.notifications.next_attempt_at is
  E'When a failed delivery is tried again; null: as soon as the relay gets to it.';
