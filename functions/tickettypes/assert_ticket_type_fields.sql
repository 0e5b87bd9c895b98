create or replace function evently_private.assert_ticket_type_fields(
  p_event evently.events, p_name text, p_capacity integer, p_price_cents integer,
  p_sales_start timestamptz, p_sales_end timestamptz, p_max_tickets_per_user integer, p_description text
) returns void
  language plpgsql immutable
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- The same rules as the table's CHECKs, as EVINV naming the field (a CHECK would say 23514).
  if p_name is null or length(btrim(p_name)) not between 1 and 100 then
    raise exception 'name must be 1 to 100 characters' using errcode = 'EVINV', detail = 'name';
  end if;
  if p_capacity is null or p_capacity < 1 or p_capacity > p_event.capacity then
    raise exception 'capacity must be from 1 to the event''s capacity (%)', p_event.capacity using errcode = 'EVINV', detail = 'capacity';
  end if;
  if p_price_cents is not null and p_price_cents not between 0 and 999999999 then
    raise exception 'price_cents must be 0 to 999999999' using errcode = 'EVINV', detail = 'price_cents';
  end if;
  if p_sales_end is not null and p_sales_start is not null and p_sales_end <= p_sales_start then
    raise exception 'sales_end must be after sales_start' using errcode = 'EVINV', detail = 'sales_end';
  end if;
  if p_max_tickets_per_user is not null and p_max_tickets_per_user not between 1 and 100 then
    raise exception 'max_tickets_per_user must be 1 to 100' using errcode = 'EVINV', detail = 'max_tickets_per_user';
  end if;
  if length(p_description) > 1000 then
    raise exception 'description must be at most 1000 characters' using errcode = 'EVINV', detail = 'description';
  end if;
end;
$$;
comment on function evently_private.assert_ticket_type_fields(evently.events, text, integer, integer, timestamptz, timestamptz, integer, text) is
  E'Raises EVINV (detail: the field) for a ticket type''s name, capacity (1 to the event''s), price, sales window, per-person limit or description out of range. Errors: EVINV.';
revoke all on function evently_private.assert_ticket_type_fields(evently.events, text, integer, integer, timestamptz, timestamptz, integer, text) from public;
