create or replace function evently_private.webhook_secret(p_secret text) returns text
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_bytes integer;
begin
  -- Standard Webhooks secrets: whsec_ then the base64 of the HMAC key (24 to 64 bytes).
  if p_secret is null then
    return 'whsec_' || encode(gen_random_bytes(32), 'base64');
  end if;
  if p_secret !~ '^whsec_[A-Za-z0-9+/]+={0,2}$' or length(p_secret) % 4 <> 2 then
    raise exception 'secret must be whsec_ followed by base64' using errcode = 'EVINV', detail = 'secret';
  end if;
  v_bytes := length(decode(substr(p_secret, 7), 'base64'));
  if v_bytes not between 24 and 64 then
    raise exception 'secret must encode 24 to 64 bytes' using errcode = 'EVINV', detail = 'secret';
  end if;
  return p_secret;
end;
$$;
comment on function evently_private.webhook_secret(text) is
  E'The signing secret to store: p_secret when it is a whsec_ base64 secret of 24 to 64 bytes, a new random 32-byte one when null. Errors: EVINV.';
revoke all on function evently_private.webhook_secret(text) from public;
