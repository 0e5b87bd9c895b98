create or replace function evently_private.record_deliveries(
  p_ids uuid[], p_subjects text[], p_bodies text[], p_errors text[]
) returns void
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Sent (error null), with what was sent; or a failed attempt, retried with exponential
  -- backoff (e^attempts seconds, as graphile-worker's own jobs) and 'failed' after the 10th.
  update evently.notifications n
     set attempts = n.attempts + 1,
         subject = d.subject,
         body = d.body,
         last_error = d.error,
         status = case when d.error is null then 'sent' when n.attempts + 1 >= 10 then 'failed' else n.status end,
         sent_at = case when d.error is null then now() else n.sent_at end,
         next_attempt_at = case when d.error is null then null
                                else now() + make_interval(secs => exp(least(n.attempts + 1, 10))) end
    from unnest(p_ids, p_subjects, p_bodies, p_errors) as d (id, subject, body, error)
   where n.id = d.id and n.status = 'pending';
$$;
comment on function evently_private.record_deliveries(uuid[], text[], text[], text[]) is
  E'Records one delivery attempt per notification: sent (error null) or failed (retried with backoff; failed for good after 10 attempts). Errors: none registered.';
revoke all on function evently_private.record_deliveries(uuid[], text[], text[], text[]) from public;
