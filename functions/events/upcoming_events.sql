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
    left join evently.venues v on v.id = e.venue_id
   where e.status = 'published'
     and e.starts_at >= coalesce(upcoming_events.starts_after, now())
     and (upcoming_events.starts_before is null or e.starts_at < upcoming_events.starts_before)
     and (upcoming_events.city is null or lower(v.city) = lower(upcoming_events.city))
     and (upcoming_events.venue_id is null or e.venue_id = upcoming_events.venue_id)
   order by e.starts_at, e.id;
$$;
comment on function evently.upcoming_events(timestamptz, timestamptz, text, uuid) is
  E'Published events starting from starts_after (default now) and before starts_before, optionally in one city or venue, soonest first. Open to anonymous users.';
revoke all on function evently.upcoming_events(timestamptz, timestamptz, text, uuid) from public;
grant execute on function evently.upcoming_events(timestamptz, timestamptz, text, uuid) to evently_anonymous, evently_user;
