create or replace function evently_private.webhook_delivery_to_send(p_delivery_id uuid)
  returns table (id uuid, status text, active boolean, url text, secret text, message_id text, type text,
                 data jsonb, occurred_at timestamptz)
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  -- The webhook-id is the event's: a retry or a replay of one event carries the same id,
  -- so receivers can drop duplicates.
  select d.id, d.status, e.active, e.url, s.secret, 'msg_' || replace(w.id::text, '-', ''), w.type, w.data, w.created_at
    from evently.webhook_deliveries d
    join evently.webhook_endpoints e on e.id = d.endpoint_id
    join evently_private.webhook_secrets s on s.endpoint_id = e.id
    join evently.webhook_events w on w.id = d.webhook_event_id
   where d.id = p_delivery_id;
$$;
comment on function evently_private.webhook_delivery_to_send(uuid) is
  E'What the deliver_webhook job needs to send one delivery: its status, the endpoint (URL, active, secret) and the event (message id, type, data, when). No row when the delivery or its endpoint is gone. Errors: none registered.';
revoke all on function evently_private.webhook_delivery_to_send(uuid) from public;
