create or replace function evently_private.queue_webhook_event(p_type text, p_event_id uuid, p_data jsonb)
  returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_wanted text[];
  v_queued integer := 0;
  v_more integer;
begin
  -- The types some active endpoint wants: without one, nothing is written (a booking
  -- pays one read of a small table).
  select array_agg(distinct t.type) into v_wanted
    from evently.webhook_endpoints e cross join lateral unnest(e.event_types) as t(type)
   where e.active;
  if v_wanted is null then
    return 0;
  end if;
  -- The outbox row commits or rolls back with the change it reports.
  if p_type = any(v_wanted) then
    insert into evently.webhook_events (type, event_id, data) values (p_type, p_event_id, p_data);
    v_queued := 1;
  end if;
  -- The booking that sells the last ticket (every ticket in a confirmed booking) also
  -- reports the event sold out; this transaction holds the event row, so exactly one does.
  if p_type = 'booking.confirmed' and 'event.sold_out' = any(v_wanted) then
    insert into evently.webhook_events (type, event_id, data)
    select 'event.sold_out', e.id,
           jsonb_build_object('event_id', e.id, 'name', e.name, 'starts_at', e.starts_at, 'capacity', e.capacity)
      from evently.events e
     where e.id = p_event_id and e.booked >= e.capacity;
    get diagnostics v_more = row_count;
    v_queued := v_queued + v_more;
  end if;
  -- The relay (relay_notifications) delivers; start it if no relay job exists yet.
  if v_queued > 0 and not exists (select 1 from graphile_worker.jobs where key = 'relay_notifications') then
    perform graphile_worker.add_job('relay_notifications', '{}'::json, job_key => 'relay_notifications');
  end if;
  return v_queued;
end;
$$;
comment on function evently_private.queue_webhook_event(text, uuid, jsonb) is
  E'Writes a webhook event (the webhook outbox) in the current transaction when an active endpoint wants its type, and event.sold_out after the booking that sold the last ticket; returns how many were written. The outbox relay makes the deliveries. Errors: none registered.';
revoke all on function evently_private.queue_webhook_event(text, uuid, jsonb) from public;
