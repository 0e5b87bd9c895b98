create or replace function evently.create_event(
  name text,
  starts_at timestamptz,
  capacity integer default null,
  venue_id uuid default null,
  description text default null,
  ends_at timestamptz default null,
  price_cents integer default 0,
  hold_ttl interval default interval '5 minutes',
  max_tickets_per_user integer default 10,
  seating text default 'general',
  category_prices jsonb default null,
  offer_ttl interval default interval '30 minutes'
) returns evently.events
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
  v_capacity integer := create_event.capacity;
  v_unknown text;
begin
  if create_event.seating is null or create_event.seating not in ('general', 'reserved') then
    raise exception 'seating must be ''general'' or ''reserved''' using errcode = 'EVINV', detail = 'seating';
  end if;
  if create_event.venue_id is not null
     and not exists (select 1 from evently.venues v where v.id = create_event.venue_id) then
    raise exception 'Venue not found' using errcode = 'EVNFD', detail = 'venue_id';
  end if;
  if create_event.seating = 'reserved' then
    if create_event.venue_id is null then
      raise exception 'A reserved-seating event needs a venue_id' using errcode = 'EVINV', detail = 'venue_id';
    end if;
    select count(*) into v_capacity from evently.venue_seats s where s.venue_id = create_event.venue_id;
    if v_capacity = 0 then
      raise exception 'The venue has no seats; add them with add_seats or import_seats' using errcode = 'EVLAY', detail = 'venue_id';
    end if;
    if create_event.capacity is not null and create_event.capacity <> v_capacity then
      raise exception 'capacity of a reserved-seating event is its seat count (%)', v_capacity
        using errcode = 'EVSEA', detail = 'capacity';
    end if;
    if create_event.category_prices is not null then
      if jsonb_typeof(create_event.category_prices) <> 'object'
         or exists (select 1 from jsonb_each(create_event.category_prices) p
                     where jsonb_typeof(p.value) <> 'number' or p.value::text !~ '^[0-9]{1,9}$') then
        raise exception 'category_prices must map categories to whole, non-negative cents' using errcode = 'EVINV', detail = 'category_prices';
      end if;
      select string_agg(k, ', ') into v_unknown from jsonb_object_keys(create_event.category_prices) k
       where not exists (select 1 from evently.venue_seats s where s.venue_id = create_event.venue_id and s.category = k);
      if v_unknown is not null then
        raise exception 'No seats of category %', v_unknown using errcode = 'EVINV', detail = 'category_prices';
      end if;
    end if;
  elsif create_event.category_prices is not null then
    raise exception 'category_prices apply to reserved seating only' using errcode = 'EVSEA', detail = 'category_prices';
  end if;
  if create_event.offer_ttl is null or create_event.offer_ttl not between interval '1 minute' and interval '7 days' then
    raise exception 'offer_ttl must be from 1 minute to 7 days' using errcode = 'EVINV', detail = 'offer_ttl';
  end if;
  perform evently_private.assert_event_fields(create_event.name, create_event.starts_at, create_event.ends_at,
    v_capacity, create_event.price_cents, create_event.hold_ttl, create_event.max_tickets_per_user);
  insert into evently.events (name, starts_at, capacity, venue_id, description, ends_at, price_cents,
                              hold_ttl, max_tickets_per_user, seating, offer_ttl, created_by)
  values (btrim(create_event.name), create_event.starts_at, v_capacity, create_event.venue_id,
          create_event.description, create_event.ends_at, create_event.price_cents, create_event.hold_ttl,
          create_event.max_tickets_per_user, create_event.seating, create_event.offer_ttl, v_admin_id)
  returning * into v_event;
  if v_event.seating = 'reserved' then
    -- Categories without a price in category_prices cost the event's price_cents.
    insert into evently.event_price_categories (event_id, category, price_cents)
    select v_event.id, c.category, coalesce((create_event.category_prices ->> c.category)::integer, v_event.price_cents)
      from (select distinct s.category from evently.venue_seats s where s.venue_id = v_event.venue_id) c;
    insert into evently.event_seats (event_id, venue_seat_id, section, row_label, seat_number, label, x, y,
                                     category, row_rank, seat_rank, price_cents)
    select v_event.id, s.id, s.section, s.row_label, s.seat_number, s.label, s.x, s.y,
           s.category, s.row_rank, s.seat_rank, p.price_cents
      from evently.venue_seats s
      join evently.event_price_categories p on p.event_id = v_event.id and p.category = s.category
     where s.venue_id = v_event.venue_id;
  end if;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'event.created', 'event', v_event.id,
          jsonb_build_object('capacity', v_event.capacity, 'seating', v_event.seating));
  return v_event;
end;
$$;
comment on function evently.create_event(text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer, text, jsonb, interval) is
  E'Admin: creates an event. seating => ''general'' (default) needs capacity; seating => ''reserved'' copies the venue''s seats into the event (capacity = seat count) priced by category_prices ({"premium": 9000}; others cost price_cents). offer_ttl is how long a waitlist offer stays open. Errors: EVAUT, EVFBD, EVINV (field in detail), EVNFD (venue), EVLAY (venue without seats), EVSEA.';
revoke all on function evently.create_event(text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer, text, jsonb, interval) from public;
grant execute on function evently.create_event(text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer, text, jsonb, interval)
  to evently_anonymous, evently_user;
