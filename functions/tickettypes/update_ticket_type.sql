create or replace function evently.update_ticket_type(
  ticket_type_id uuid, name text default null, capacity integer default null, price_cents integer default null,
  sales_start timestamptz default null, sales_end timestamptz default null,
  max_tickets_per_user integer default null, description text default null, sort_order integer default null
) returns evently.ticket_types
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
  v_type evently.ticket_types;
begin
  -- Event row, then the type's (the lock order of every counter change).
  select e.* into v_event from evently.events e
   where e.id = (select t.event_id from evently.ticket_types t where t.id = update_ticket_type.ticket_type_id)
     for no key update;
  select * into v_type from evently.ticket_types t where t.id = update_ticket_type.ticket_type_id for update;
  if not found then
    raise exception 'Ticket type not found' using errcode = 'EVNFD', detail = 'ticket_type_id';
  end if;
  -- Null leaves a field as it is.
  v_type.name := coalesce(btrim(update_ticket_type.name), v_type.name);
  v_type.capacity := coalesce(update_ticket_type.capacity, v_type.capacity);
  v_type.price_cents := coalesce(update_ticket_type.price_cents, v_type.price_cents);
  v_type.sales_start := coalesce(update_ticket_type.sales_start, v_type.sales_start);
  v_type.sales_end := coalesce(update_ticket_type.sales_end, v_type.sales_end);
  v_type.max_tickets_per_user := coalesce(update_ticket_type.max_tickets_per_user, v_type.max_tickets_per_user);
  v_type.description := coalesce(update_ticket_type.description, v_type.description);
  v_type.sort_order := coalesce(update_ticket_type.sort_order, v_type.sort_order);
  perform evently_private.assert_ticket_type_fields(v_event, v_type.name, v_type.capacity, v_type.price_cents,
    v_type.sales_start, v_type.sales_end, v_type.max_tickets_per_user, v_type.description);
  if v_type.capacity < v_type.held + v_type.booked then
    raise exception 'Capacity cannot go below the % tickets held or booked', v_type.held + v_type.booked
      using errcode = 'EVCAP', detail = 'capacity';
  end if;
  begin
    update evently.ticket_types t
       set name = v_type.name, capacity = v_type.capacity, price_cents = v_type.price_cents,
           sales_start = v_type.sales_start, sales_end = v_type.sales_end,
           max_tickets_per_user = v_type.max_tickets_per_user, description = v_type.description,
           sort_order = v_type.sort_order, updated_at = now()
     where t.id = v_type.id
    returning * into v_type;
  exception when unique_violation then
    raise exception 'This event already has a ticket type named "%"', v_type.name using errcode = 'EVINV', detail = 'name';
  end;
  -- More capacity, or a sales window that opens now, goes to the type's waitlist first.
  perform evently_private.promote_waitlist(v_type.event_id);
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'ticket_type.updated', 'event', v_type.event_id,
          jsonb_build_object('ticket_type_id', v_type.id, 'name', v_type.name, 'capacity', v_type.capacity,
                             'price_cents', v_type.price_cents));
  return v_type;
end;
$$;
comment on function evently.update_ticket_type(uuid, text, integer, integer, timestamptz, timestamptz, integer, text, integer) is
  E'Admin: changes a ticket type (null leaves a field unchanged); capacity never below what is held and booked; more capacity goes to the type''s waitlist first. A new price applies to bookings made from now on. Recorded in audit_log. Errors: EVAUT, EVFBD, EVINV, EVNFD, EVCAP.';
revoke all on function evently.update_ticket_type(uuid, text, integer, integer, timestamptz, timestamptz, integer, text, integer) from public;
grant execute on function evently.update_ticket_type(uuid, text, integer, integer, timestamptz, timestamptz, integer, text, integer) to evently_anonymous, evently_user;
