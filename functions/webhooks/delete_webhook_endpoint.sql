create or replace function evently.delete_webhook_endpoint(endpoint_id uuid) returns evently.webhook_endpoints
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_endpoint evently.webhook_endpoints;
begin
  -- security definer: no API role deletes. Its secret and deliveries go with it; a
  -- delivery job still queued finds nothing to send.
  delete from evently.webhook_endpoints w where w.id = delete_webhook_endpoint.endpoint_id
  returning * into v_endpoint;
  if not found then
    raise exception 'Webhook endpoint not found' using errcode = 'EVNFD', detail = 'endpoint_id';
  end if;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'webhook_endpoint.deleted', 'webhook_endpoint', v_endpoint.id, jsonb_build_object('url', v_endpoint.url));
  return v_endpoint;
end;
$$;
comment on function evently.delete_webhook_endpoint(uuid) is
  E'Admin: removes a webhook endpoint with its secret and delivery records; returns it. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD.';
revoke all on function evently.delete_webhook_endpoint(uuid) from public;
grant execute on function evently.delete_webhook_endpoint(uuid) to evently_anonymous, evently_user;
