create or replace function evently_private.record_delivery(
  p_notification_id uuid, p_subject text, p_body text, p_error text default null, p_final boolean default false
) returns void
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Success: sent, with what was sent. Failure: the attempt and its error; 'failed' only
  -- after the job's last attempt (earlier failures are retried with backoff).
  update evently.notifications
     set attempts = attempts + 1,
         subject = p_subject,
         body = p_body,
         last_error = p_error,
         status = case when p_error is null then 'sent' when p_final then 'failed' else status end,
         sent_at = case when p_error is null then now() else sent_at end
   where id = p_notification_id and status <> 'sent';
$$;
comment on function evently_private.record_delivery(uuid, text, text, text, boolean) is
  E'Records a delivery attempt of a notification: sent (error null) or failed (final after the last retry). Errors: none.';
revoke all on function evently_private.record_delivery(uuid, text, text, text, boolean) from public;
