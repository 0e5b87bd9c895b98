create or replace function evently_private.purge_webhook_history(retention interval default interval '30 days')
  returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_deleted integer;
begin
  if retention is null or retention < interval '1 day' then
    raise exception 'Webhook history is kept at least 1 day' using errcode = 'EVINV', detail = 'retention';
  end if;
  -- Old webhook events whose every delivery is finished (delivered or failed), with those
  -- deliveries (on delete cascade). Nothing pending is lost: an event not yet relayed, or
  -- with a delivery still to send, stays. At most 10,000 a call, so a backlog is cleared over
  -- several runs without one long transaction.
  delete from evently.webhook_events w
   where w.id in (
     select e.id from evently.webhook_events e
      where e.created_at < now() - retention and e.relayed_at is not null
        and not exists (select 1 from evently.webhook_deliveries d where d.webhook_event_id = e.id and d.status = 'pending')
      order by e.created_at
      limit 10000);
  get diagnostics v_deleted = row_count;
  return v_deleted;
end;
$$;
comment on function evently_private.purge_webhook_history(interval) is
  E'Deletes webhook events older than retention (at least 1 day; default 30 days) that were relayed and have no pending delivery, with their deliveries; at most 10,000 per call (crontab job purge_webhook_history). Returns how many events. Errors: EVINV.';
revoke all on function evently_private.purge_webhook_history(interval) from public;
