create or replace function evently.register(email text, password text, name text) returns evently.users
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user evently.users;
begin
  if register.email is null or register.email !~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' or length(register.email) > 254 then
    raise exception 'email must be a valid email address' using errcode = 'EVINV', detail = 'email';
  end if;
  if register.name is null or length(btrim(register.name)) not between 1 and 200 then
    raise exception 'name must be 1 to 200 characters' using errcode = 'EVINV', detail = 'name';
  end if;
  if register.password is null or length(register.password) not between 8 and 200 then
    raise exception 'Password must be 8 to 200 characters' using errcode = 'EVWPW', detail = 'password';
  end if;
  begin
    insert into evently.users (email, name) values (register.email, btrim(register.name))
    returning * into v_user;
  exception when unique_violation then
    raise exception 'An account with this email already exists' using errcode = 'EVEML', detail = 'email';
  end;
  -- Only the bcrypt hash is stored; the plain password never leaves this function.
  insert into evently_private.user_secrets (user_id, password_hash)
  values (v_user.id, crypt(register.password, gen_salt('bf', 10)));
  return v_user;
end;
$$;
comment on function evently.register(text, text, text) is
  E'Creates an account (role ''user''). Errors: EVINV (email, name), EVWPW (password 8-200 chars), EVEML (email taken).';
revoke all on function evently.register(text, text, text) from public;
grant execute on function evently.register(text, text, text) to evently_anonymous, evently_user;
