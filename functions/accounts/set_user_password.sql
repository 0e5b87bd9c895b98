create or replace function evently_private.set_user_password(email text, password text) returns evently.users
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user evently.users;
begin
  -- For DBAs and `npm run admin -- reset-password` (the demo admin's password is shown
  -- only once): the same rules and hashing as register.
  if set_user_password.password is null or length(set_user_password.password) not between 8 and 200 then
    raise exception 'Password must be 8 to 200 characters' using errcode = 'EVWPW', detail = 'password';
  end if;
  select * into v_user from evently.users u where u.email = set_user_password.email::citext;
  if not found then
    raise exception 'No user with email %', set_user_password.email using errcode = 'EVNFD', detail = 'email';
  end if;
  update evently_private.user_secrets s
     set password_hash = crypt(set_user_password.password, gen_salt('bf', 10)), password_updated_at = now()
   where s.user_id = v_user.id;
  if not found then
    insert into evently_private.user_secrets (user_id, password_hash)
    values (v_user.id, crypt(set_user_password.password, gen_salt('bf', 10)));
  end if;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (null, 'user_password_reset', 'user', v_user.id, jsonb_build_object('by', session_user));
  return v_user;
end;
$$;
comment on function evently_private.set_user_password(text, text) is
  E'DBA: sets a user''s password (bcrypt, as register), found by email; recorded in audit_log. `npm run admin -- reset-password <email>` calls it. Errors: EVWPW, EVNFD (no such email).';
revoke all on function evently_private.set_user_password(text, text) from public;
