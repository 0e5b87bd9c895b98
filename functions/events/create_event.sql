create or replace function evently.create_event(
  name text,
  starts_at timestamptz,
  capacity integer,
  venue_id uuid default null,
  description text default null,
  ends_at timestamptz default null,
  price_cents integer default 0,
  hold_ttl interval default interval '5 minutes',
  max_tickets_per_user integer default 10
) returns evently.events
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
begin
  perform evently_private.assert_event_fields(create_event.name, create_event.starts_at, create_event.ends_at,
    create_event.capacity, create_event.price_cents, create_event.hold_ttl, create_event.max_tickets_per_user);
  if create_event.venue_id is not null
     and not exists (select 1 from evently.venues v where v.id = create_event.venue_id) then
    raise exception 'Venue not found' using errcode = 'EVNFD', detail = 'venue_id';
  end if;
  insert into evently.events (name, starts_at, capacity, venue_id, description, ends_at, price_cents,
                              hold_ttl, max_tickets_per_user, created_by)
  values (btrim(create_event.name), create_event.starts_at, create_event.capacity, create_event.venue_id,
          create_event.description, create_event.ends_at, create_event.price_cents, create_event.hold_ttl,
          create_event.max_tickets_per_user, v_admin_id)
  returning * into v_event;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'event.created', 'event', v_event.id, jsonb_build_object('capacity', v_event.capacity));
  return v_event;
end;
$$;
comment on function evently.create_event(text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer) is
  E'Admin: creates a general-admission event. Errors: EVAUT, EVFBD, EVINV (field in detail), EVNFD (venue).';
revoke all on function evently.create_event(text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer) from public;
grant execute on function evently.create_event(text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer)
  to evently_anonymous, evently_user;
