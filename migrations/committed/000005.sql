--! Previous: sha1:1604d1244906e3bbfd3009f5f47d2dca4de1ceee
--! Hash: sha1:8ee7ccf8f117e1324dafbb7e53f38803df499eb0

-- Rate limits without a commit or a shared hot row per request (issue 15).
-- App processes lease tokens from a shared budget per key and window, a batch of keys per
-- statement, and spend them locally (src/rest/rate-limit.ts). The budget never grants
-- more than the limit in a window, across every instance; unused tokens are given back.
-- Unlogged: a budget is worth nothing after a crash (the window restarts), and writes to
-- it need no WAL, so its transactions never wait for a WAL flush.
create unlogged table evently_ops.rate_limit_budgets (
  key text primary key,
  -- The limit the last lease was taken under (a changed RATE_LIMIT_PER_MINUTE applies at once).
  points integer not null check (points >= 0),
  window_ends_at timestamptz not null,
  granted integer not null check (granted >= 0),
  -- Tokens granted by the latest lease (what RETURNING reports to the caller).
  last_grant integer not null default 0
);
comment on table evently_ops.rate_limit_budgets is
  E'Rate-limit budgets shared by every app instance: tokens granted per key in the current window (functions/operations/).';
create index rate_limit_budgets_window_idx on evently_ops.rate_limit_budgets (window_ends_at);
alter table evently_ops.rate_limit_budgets enable row level security;
-- Only the server's login uses it (through the lease functions, as the invoker).
create policy rate_limit_budgets_authenticator on evently_ops.rate_limit_budgets
  for all to evently_authenticator using (true) with check (true);
grant select, insert, update, delete on evently_ops.rate_limit_budgets to evently_authenticator;

-- rate-limiter-flexible's table: replaced by the budgets above.
drop table if exists evently_ops.rate_limit_hits;
