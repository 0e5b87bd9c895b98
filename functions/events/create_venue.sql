create or replace function evently.create_venue(
  name text, address text default null, city text default null, country text default null
) returns evently.venues
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_venue evently.venues;
begin
  if create_venue.name is null or length(btrim(create_venue.name)) not between 1 and 200 then
    raise exception 'name must be 1 to 200 characters' using errcode = 'EVINV', detail = 'name';
  end if;
  insert into evently.venues (name, address, city, country, created_by)
  values (btrim(create_venue.name), create_venue.address, create_venue.city, create_venue.country, v_admin_id)
  returning * into v_venue;
  return v_venue;
end;
$$;
comment on function evently.create_venue(text, text, text, text) is
  E'Admin: creates a venue. Errors: EVAUT, EVFBD, EVINV (name).';
revoke all on function evently.create_venue(text, text, text, text) from public;
grant execute on function evently.create_venue(text, text, text, text) to evently_anonymous, evently_user;
