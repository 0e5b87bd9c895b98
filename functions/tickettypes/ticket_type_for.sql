create or replace function evently_private.ticket_type_for(p_event evently.events, p_ticket_type_id uuid)
  returns evently.ticket_types
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_type evently.ticket_types;
  v_types integer;
begin
  if p_ticket_type_id is null then
    -- hold_tickets/book_tickets (contract v1): the event's only type, or none at all.
    select count(*)::integer, (array_agg(t.id))[1] into v_types, p_ticket_type_id
      from (select t.id from evently.ticket_types t where t.event_id = p_event.id limit 2) t;
    if v_types = 0 then
      return null;
    elsif v_types > 1 then
      raise exception 'Event "%" has several ticket types: name one (hold_ticket_type, book_ticket_type)', p_event.name
        using errcode = 'EVTTR', detail = 'ticket_type_id';
    end if;
  end if;
  select * into v_type from evently.ticket_types t where t.id = p_ticket_type_id and t.event_id = p_event.id;
  if not found then
    raise exception 'Ticket type not found' using errcode = 'EVNFD', detail = 'ticket_type_id';
  end if;
  if v_type.sales_start > now() then
    raise exception '"%" tickets go on sale at %', v_type.name, v_type.sales_start using errcode = 'EVTSW', detail = 'sales_start';
  end if;
  if v_type.sales_end <= now() then
    raise exception '"%" tickets were on sale until %', v_type.name, v_type.sales_end using errcode = 'EVTSW', detail = 'sales_end';
  end if;
  return v_type;
end;
$$;
comment on function evently_private.ticket_type_for(evently.events, uuid) is
  E'The ticket type a hold or booking of the event takes: the given one, or with null the event''s only type (null when it has none; EVTTR when it has several); EVNFD when the type is not the event''s, EVTSW outside its sales window. Errors: EVNFD, EVTSW, EVTTR.';
revoke all on function evently_private.ticket_type_for(evently.events, uuid) from public;
