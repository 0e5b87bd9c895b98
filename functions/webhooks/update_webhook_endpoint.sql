create or replace function evently.update_webhook_endpoint(
  endpoint_id uuid, url text default null, event_types text[] default null, description text default null,
  active boolean default null
) returns evently.webhook_endpoints
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_endpoint evently.webhook_endpoints;
begin
  -- security definer: no API role writes webhook_endpoints. Null arguments keep the value.
  select * into v_endpoint from evently.webhook_endpoints w where w.id = update_webhook_endpoint.endpoint_id for update;
  if not found then
    raise exception 'Webhook endpoint not found' using errcode = 'EVNFD', detail = 'endpoint_id';
  end if;
  perform evently_private.assert_webhook_fields(coalesce(update_webhook_endpoint.url, v_endpoint.url),
    coalesce(update_webhook_endpoint.event_types, v_endpoint.event_types),
    coalesce(update_webhook_endpoint.description, v_endpoint.description));
  update evently.webhook_endpoints w
     set url = coalesce(update_webhook_endpoint.url, w.url),
         event_types = coalesce(update_webhook_endpoint.event_types, w.event_types),
         description = coalesce(update_webhook_endpoint.description, w.description),
         active = coalesce(update_webhook_endpoint.active, w.active),
         updated_at = now()
   where w.id = v_endpoint.id
  returning * into v_endpoint;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'webhook_endpoint.updated', 'webhook_endpoint', v_endpoint.id,
          jsonb_strip_nulls(jsonb_build_object('url', update_webhook_endpoint.url, 'event_types', update_webhook_endpoint.event_types,
                                               'description', update_webhook_endpoint.description,
                                               'active', update_webhook_endpoint.active)));
  return v_endpoint;
end;
$$;
comment on function evently.update_webhook_endpoint(uuid, text, text[], text, boolean) is
  E'Admin: changes a webhook endpoint''s URL, event types, description or active flag (null keeps the value; inactive endpoints get no new deliveries and pending ones are not sent). Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD, EVINV.';
revoke all on function evently.update_webhook_endpoint(uuid, text, text[], text, boolean) from public;
grant execute on function evently.update_webhook_endpoint(uuid, text, text[], text, boolean) to evently_anonymous, evently_user;
