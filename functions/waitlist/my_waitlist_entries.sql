create or replace function evently.my_waitlist_entries() returns setof evently.waitlist_entries
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select w.*
    from evently.waitlist_entries w
   where w.user_id = evently.current_user_id()
   order by w.created_at desc, w.id;
$$;
comment on function evently.my_waitlist_entries() is
  E'The current user''s waitlist entries (every status), newest first; an open offer is waitlist_entries_offer. Signed-in users only. Errors: none.';
revoke all on function evently.my_waitlist_entries() from public;
grant execute on function evently.my_waitlist_entries() to evently_user;
