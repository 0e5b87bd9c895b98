create or replace function evently.waitlist_entries_offer(w evently.waitlist_entries) returns evently.holds
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Open means confirmable now: like events_available, a hold past expires_at counts as
  -- gone even before a job or a booking has closed it.
  select o.*
    from evently.holds o
   where o.waitlist_entry_id = w.id and o.status = 'active' and o.expires_at > now();
$$;
comment on function evently.waitlist_entries_offer(evently.waitlist_entries) is
  E'The entry''s open offer: an active, unexpired hold to confirm (confirm_hold) or decline (decline_offer); null when there is none. Computed column WaitlistEntry.offer. Errors: none.';
revoke all on function evently.waitlist_entries_offer(evently.waitlist_entries) from public;
grant execute on function evently.waitlist_entries_offer(evently.waitlist_entries) to evently_user;
