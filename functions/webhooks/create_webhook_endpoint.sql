create or replace function evently.create_webhook_endpoint(
  url text, event_types text[], secret text default null, description text default null
) returns evently.webhook_endpoint_secret
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_endpoint evently.webhook_endpoints;
  v_secret text;
begin
  perform evently_private.assert_webhook_fields(create_webhook_endpoint.url, create_webhook_endpoint.event_types,
                                                create_webhook_endpoint.description);
  v_secret := evently_private.webhook_secret(create_webhook_endpoint.secret);
  -- security definer: the secret goes where no API role reads it (evently_private).
  insert into evently.webhook_endpoints (url, event_types, description, created_by)
  values (create_webhook_endpoint.url, create_webhook_endpoint.event_types, create_webhook_endpoint.description, v_admin_id)
  returning * into v_endpoint;
  insert into evently_private.webhook_secrets (endpoint_id, secret) values (v_endpoint.id, v_secret);
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'webhook_endpoint.created', 'webhook_endpoint', v_endpoint.id,
          jsonb_build_object('url', v_endpoint.url, 'event_types', v_endpoint.event_types));
  return (v_endpoint.id, v_endpoint.url, v_endpoint.event_types, v_endpoint.description, v_endpoint.active,
          v_endpoint.created_at, v_secret)::evently.webhook_endpoint_secret;
end;
$$;
comment on function evently.create_webhook_endpoint(text, text[], text, text) is
  E'Admin: registers a webhook endpoint (http or https URL; event types among booking.confirmed, booking.cancelled, event.sold_out, waitlist.offered, event.cancelled) with a Standard Webhooks signing secret, given (whsec_ base64) or generated; the result shows the secret, this once. Recorded in audit_log. Errors: EVAUT, EVFBD, EVINV (url, event_types, secret, description).';
revoke all on function evently.create_webhook_endpoint(text, text[], text, text) from public;
grant execute on function evently.create_webhook_endpoint(text, text[], text, text) to evently_anonymous, evently_user;
