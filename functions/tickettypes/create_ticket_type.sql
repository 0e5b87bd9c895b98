create or replace function evently.create_ticket_type(
  event_id uuid, name text, capacity integer, price_cents integer default 0,
  sales_start timestamptz default null, sales_end timestamptz default null,
  max_tickets_per_user integer default null, description text default null, sort_order integer default 0
) returns evently.ticket_types
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
  v_type evently.ticket_types;
begin
  -- The event row first, as every path that touches a type's counters takes it.
  select * into v_event from evently.events e where e.id = create_ticket_type.event_id for no key update;
  if not found then
    raise exception 'Event not found' using errcode = 'EVNFD', detail = 'event_id';
  end if;
  if v_event.status = 'cancelled' then
    raise exception 'Event "%" is cancelled', v_event.name using errcode = 'EVECN';
  end if;
  if v_event.seating <> 'general' then
    raise exception 'Ticket types are for general admission; reserved seating prices seats by category'
      using errcode = 'EVSEA';
  end if;
  -- A waitlist formed without types waits for the event's tickets; typed sales only check
  -- their own type's line, so they would pass it by.
  if exists (select 1 from evently.waitlist_entries w
              where w.event_id = v_event.id and w.ticket_type_id is null and w.status in ('waiting', 'offered')) then
    raise exception 'Event "%" has people on its waitlist: add ticket types once it is served', v_event.name
      using errcode = 'EVTWL';
  end if;
  perform evently_private.assert_ticket_type_fields(v_event, create_ticket_type.name, create_ticket_type.capacity,
    create_ticket_type.price_cents, create_ticket_type.sales_start, create_ticket_type.sales_end,
    create_ticket_type.max_tickets_per_user, create_ticket_type.description);
  begin
    insert into evently.ticket_types (event_id, name, capacity, price_cents, sales_start, sales_end,
                                      max_tickets_per_user, description, sort_order)
    values (v_event.id, btrim(create_ticket_type.name), create_ticket_type.capacity,
            coalesce(create_ticket_type.price_cents, 0), create_ticket_type.sales_start, create_ticket_type.sales_end,
            create_ticket_type.max_tickets_per_user, create_ticket_type.description,
            coalesce(create_ticket_type.sort_order, 0))
    returning * into v_type;
  exception when unique_violation then
    raise exception 'This event already has a ticket type named "%"', btrim(create_ticket_type.name)
      using errcode = 'EVINV', detail = 'name';
  end;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'ticket_type.created', 'event', v_event.id,
          jsonb_build_object('ticket_type_id', v_type.id, 'name', v_type.name, 'capacity', v_type.capacity,
                             'price_cents', v_type.price_cents));
  return v_type;
end;
$$;
comment on function evently.create_ticket_type(uuid, text, integer, integer, timestamptz, timestamptz, integer, text, integer) is
  E'Admin: adds a ticket type to a general-admission event: its own capacity (at most the event''s), price, optional sales window and per-person limit. Once an event has ticket types, hold_tickets and book_tickets use its only type, and need hold_ticket_type/book_ticket_type when there are several. Recorded in audit_log. Errors: EVAUT, EVFBD, EVINV, EVNFD, EVECN, EVSEA, EVTWL.';
revoke all on function evently.create_ticket_type(uuid, text, integer, integer, timestamptz, timestamptz, integer, text, integer) from public;
grant execute on function evently.create_ticket_type(uuid, text, integer, integer, timestamptz, timestamptz, integer, text, integer) to evently_anonymous, evently_user;
