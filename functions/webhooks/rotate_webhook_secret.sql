create or replace function evently.rotate_webhook_secret(endpoint_id uuid, secret text default null)
  returns evently.webhook_endpoint_secret
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_endpoint evently.webhook_endpoints;
  v_secret text;
begin
  select * into v_endpoint from evently.webhook_endpoints w where w.id = rotate_webhook_secret.endpoint_id for update;
  if not found then
    raise exception 'Webhook endpoint not found' using errcode = 'EVNFD', detail = 'endpoint_id';
  end if;
  v_secret := evently_private.webhook_secret(rotate_webhook_secret.secret);
  -- security definer: secrets live in evently_private. Every attempt from now on is signed
  -- with the new secret, retries and replays of older deliveries too.
  update evently_private.webhook_secrets s set secret = v_secret, created_at = now() where s.endpoint_id = v_endpoint.id;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'webhook_endpoint.secret_rotated', 'webhook_endpoint', v_endpoint.id, '{}');
  return (v_endpoint.id, v_endpoint.url, v_endpoint.event_types, v_endpoint.description, v_endpoint.active,
          v_endpoint.created_at, v_secret)::evently.webhook_endpoint_secret;
end;
$$;
comment on function evently.rotate_webhook_secret(uuid, text) is
  E'Admin: replaces an endpoint''s signing secret (given as whsec_ base64, or generated) and shows the new one, this once; later attempts are signed with it. Recorded in audit_log. Errors: EVAUT, EVFBD, EVNFD, EVINV (secret).';
revoke all on function evently.rotate_webhook_secret(uuid, text) from public;
grant execute on function evently.rotate_webhook_secret(uuid, text) to evently_anonymous, evently_user;
