create or replace function evently.find_venues(city text default null) returns setof evently.venues
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  -- The one city match (case-insensitive, whole name); upcoming_events filters by it too.
  select v.*
    from evently.venues v
   where find_venues.city is null or lower(v.city) = lower(find_venues.city)
   order by v.name, v.id;
$$;
comment on function evently.find_venues(text) is
  E'Venues by name, optionally only those in one city (case-insensitive). Open to anonymous users. Errors: none.';
revoke all on function evently.find_venues(text) from public;
grant execute on function evently.find_venues(text) to evently_anonymous, evently_user;
