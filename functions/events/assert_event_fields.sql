create or replace function evently_private.assert_event_fields(
  p_name text, p_starts_at timestamptz, p_ends_at timestamptz, p_capacity integer,
  p_price_cents integer, p_hold_ttl interval, p_max_tickets_per_user integer,
  p_allow_past_start boolean default false
) returns void
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- The table's CHECK constraints are the backstop; these give callers an error that
  -- names the field instead of a masked constraint violation.
  if p_name is null or length(btrim(p_name)) not between 1 and 200 then
    raise exception 'name must be 1 to 200 characters' using errcode = 'EVINV', detail = 'name';
  end if;
  -- An event that already started may still have its name or description corrected.
  if p_starts_at is null or (p_starts_at <= now() and not p_allow_past_start) then
    raise exception 'starts_at must be in the future' using errcode = 'EVINV', detail = 'starts_at';
  end if;
  if p_ends_at is not null and p_ends_at <= p_starts_at then
    raise exception 'ends_at must be after starts_at' using errcode = 'EVINV', detail = 'ends_at';
  end if;
  if p_capacity is null or p_capacity < 1 or p_capacity > 1000000 then
    raise exception 'capacity must be from 1 to 1000000' using errcode = 'EVINV', detail = 'capacity';
  end if;
  if p_price_cents is null or p_price_cents < 0 then
    raise exception 'price_cents must be 0 or more' using errcode = 'EVINV', detail = 'price_cents';
  end if;
  if p_hold_ttl is null or p_hold_ttl not between interval '10 seconds' and interval '1 day' then
    raise exception 'hold_ttl must be from 10 seconds to 1 day' using errcode = 'EVINV', detail = 'hold_ttl';
  end if;
  if p_max_tickets_per_user is null or p_max_tickets_per_user < 1 then
    raise exception 'max_tickets_per_user must be 1 or more' using errcode = 'EVINV', detail = 'max_tickets_per_user';
  end if;
end;
$$;
comment on function evently_private.assert_event_fields(text, timestamptz, timestamptz, integer, integer, interval, integer, boolean) is
  E'Validates event fields for create_event and update_event, raising EVINV with the field name in DETAIL. Errors: EVINV.';
revoke all on function evently_private.assert_event_fields(text, timestamptz, timestamptz, integer, integer, interval, integer, boolean) from public;
