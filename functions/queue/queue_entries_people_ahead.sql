create or replace function evently.queue_entries_people_ahead(q evently.queue_entries) returns bigint
  language sql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
  -- security definer: counts other people's entries, which RLS hides from the caller; only
  -- for an entry the caller may already see.
  select count(*)
    from evently.queue_entries o
   where q.status = 'waiting' and (q.user_id = evently.current_user_id() or evently.current_user_is_admin())
     and o.event_id = q.event_id and o.status = 'waiting' and o.position < q.position;
$$;
comment on function evently.queue_entries_people_ahead(evently.queue_entries) is
  E'How many people are waiting ahead of this entry (0 once admitted or left). Computed column QueueEntry.peopleAhead. Errors: none.';
revoke all on function evently.queue_entries_people_ahead(evently.queue_entries) from public;
grant execute on function evently.queue_entries_people_ahead(evently.queue_entries) to evently_user;
