create or replace function evently_private.record_webhook_attempt(
  p_delivery_id uuid, p_response_status integer, p_response_body text, p_error text, p_final boolean
) returns text
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Delivered on a 2xx answer; otherwise still pending (the job is retried) or, after
  -- the last attempt, failed. At most 1 kB of the answer is kept.
  update evently.webhook_deliveries d
     set attempts = d.attempts + 1,
         last_attempt_at = now(),
         response_status = p_response_status,
         response_body = evently_private.cap_bytes(p_response_body, 1024),
         last_error = left(p_error, 1000),
         status = case when p_error is null and p_response_status between 200 and 299 then 'delivered'
                       when p_final then 'failed' else 'pending' end,
         delivered_at = case when p_error is null and p_response_status between 200 and 299 then now() end
   where d.id = p_delivery_id and d.status = 'pending'
  returning d.status;
$$;
comment on function evently_private.record_webhook_attempt(uuid, integer, text, text, boolean) is
  E'Records one attempt of a pending delivery: delivered on a 2xx response, else pending (retried) or failed when p_final; keeps the status code, at most 1 kB of the body and the error. Returns the new status (null when the delivery was not pending). Errors: none registered.';
revoke all on function evently_private.record_webhook_attempt(uuid, integer, text, text, boolean) from public;
