create or replace function evently_private.set_user_role(email text, role text) returns evently.users
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user evently.users;
  v_before text;
begin
  if set_user_role.role is null or set_user_role.role not in ('user', 'admin') then
    raise exception 'role must be user or admin' using errcode = 'EVINV', detail = 'role';
  end if;
  select u.role into v_before from evently.users u where u.email = set_user_role.email::citext for update;
  if not found then
    raise exception 'No user with email %', set_user_role.email using errcode = 'EVNFD', detail = 'email';
  end if;
  update evently.users u set role = set_user_role.role where u.email = set_user_role.email::citext
  returning * into v_user;
  -- A token carries its role until it expires (24 h): a demoted admin signs in again to lose it.
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (null, 'user_role_set', 'user', v_user.id, jsonb_build_object('from', v_before, 'to', v_user.role, 'by', session_user));
  return v_user;
end;
$$;
comment on function evently_private.set_user_role(text, text) is
  E'DBA: makes a user an admin (role ''admin'') or a plain user again (''user''), found by email; recorded in audit_log. `npm run admin -- promote <email>` and `set-role` call it. Errors: EVINV (role), EVNFD (no such email).';
revoke all on function evently_private.set_user_role(text, text) from public;
