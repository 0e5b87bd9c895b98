create or replace function evently_private.schedule_hold_expiry(p_hold evently.holds) returns void
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  select evently_private.queue_hold_expiry(p_hold.id, p_hold.expires_at);
$$;
comment on function evently_private.schedule_hold_expiry(evently.holds) is
  E'Queues the hold''s expire_hold job at expires_at (job_key expire_hold:<hold id>), for a hold that exists already (waitlist offers). Errors: none.';
revoke all on function evently_private.schedule_hold_expiry(evently.holds) from public;
