create or replace function evently_private.assert_webhook_fields(p_url text, p_event_types text[], p_description text)
  returns void
  language plpgsql immutable
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- The table's CHECK constraints are the backstop; these name the field. Where the URL
  -- leads (private and loopback addresses) is checked when a delivery is sent, after
  -- resolving the name, because DNS can change after registration.
  if p_url is null or length(p_url) > 2000 or p_url !~ '^https?://[^\s/?#@]+([/?#]\S*)?$' then
    raise exception 'url must be an http:// or https:// URL with a host and no credentials (at most 2000 characters)'
      using errcode = 'EVINV', detail = 'url';
  end if;
  if p_event_types is null or cardinality(p_event_types) = 0
     or not p_event_types <@ array['booking.confirmed', 'booking.cancelled', 'event.sold_out', 'waitlist.offered', 'event.cancelled']
     or array_position(p_event_types, null) is not null
     or cardinality(p_event_types) <> (select count(distinct t) from unnest(p_event_types) t) then
    raise exception 'event_types must name at least one of booking.confirmed, booking.cancelled, event.sold_out, waitlist.offered, event.cancelled, each once'
      using errcode = 'EVINV', detail = 'event_types';
  end if;
  if length(p_description) > 500 then
    raise exception 'description must be at most 500 characters' using errcode = 'EVINV', detail = 'description';
  end if;
end;
$$;
comment on function evently_private.assert_webhook_fields(text, text[], text) is
  E'Checks a webhook endpoint''s URL (http or https, a host, no credentials), event types (known, each once, at least one) and description, naming the field at fault. Errors: EVINV.';
revoke all on function evently_private.assert_webhook_fields(text, text[], text) from public;
