create or replace function evently.upcoming_events(
  starts_after timestamptz default null,
  starts_before timestamptz default null,
  city text default null,
  venue_id uuid default null
) returns setof evently.events
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select e.*
    from evently.events e
   where e.status = 'published'
     and e.starts_at >= coalesce(upcoming_events.starts_after, now())
     and (upcoming_events.starts_before is null or e.starts_at < upcoming_events.starts_before)
     and (upcoming_events.city is null
          or e.venue_id in (select v.id from evently.find_venues(upcoming_events.city) v))
     and (upcoming_events.venue_id is null or e.venue_id = upcoming_events.venue_id)
   order by e.starts_at, e.id;
$$;
comment on function evently.upcoming_events(timestamptz, timestamptz, text, uuid) is
  E'Published events starting from starts_after (default now) and before starts_before, optionally in one city (as find_venues matches it) or venue, soonest first. Open to anonymous users. Errors: none.';
revoke all on function evently.upcoming_events(timestamptz, timestamptz, text, uuid) from public;
grant execute on function evently.upcoming_events(timestamptz, timestamptz, text, uuid) to evently_anonymous, evently_user;
