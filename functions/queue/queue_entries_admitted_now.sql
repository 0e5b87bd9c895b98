create or replace function evently.queue_entries_admitted_now(q evently.queue_entries) returns boolean
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Like an offer, an admission past its time counts as gone before anything closes it.
  select q.status = 'admitted' and q.admission_expires_at > now();
$$;
comment on function evently.queue_entries_admitted_now(evently.queue_entries) is
  E'Whether this entry''s holder may hold and book now (admitted, admission not expired). Computed column QueueEntry.admittedNow. Errors: none.';
revoke all on function evently.queue_entries_admitted_now(evently.queue_entries) from public;
grant execute on function evently.queue_entries_admitted_now(evently.queue_entries) to evently_user;
