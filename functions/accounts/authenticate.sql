create or replace function evently.authenticate(email text, password text) returns evently.jwt_token
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user evently.users;
  v_hash text;
begin
  select u.* into v_user from evently.users u where u.email = authenticate.email::citext;
  select s.password_hash into v_hash from evently_private.user_secrets s where s.user_id = v_user.id;
  -- Hash even for unknown emails so response time does not reveal which emails exist.
  if v_hash is null then
    perform crypt(coalesce(authenticate.password, ''), gen_salt('bf', 10));
    raise exception 'Incorrect email or password' using errcode = 'EVCRD';
  end if;
  if crypt(coalesce(authenticate.password, ''), v_hash) <> v_hash then
    raise exception 'Incorrect email or password' using errcode = 'EVCRD';
  end if;
  return (
    case when v_user.role = 'admin' then 'evently_admin' else 'evently_user' end,
    v_user.id,
    extract(epoch from now() + interval '1 day')::bigint
  )::evently.jwt_token;
end;
$$;
comment on function evently.authenticate(text, text) is
  E'Checks email and password and returns a JWT (role, user_id, exp = 24 hours). Error: EVCRD. Errors: EVCRD.';
revoke all on function evently.authenticate(text, text) from public;
grant execute on function evently.authenticate(text, text) to evently_anonymous, evently_user;
