create or replace function evently_private.check_ticket_type_limit(p_type evently.ticket_types, p_user_id uuid, p_quantity integer)
  returns void
  language plpgsql stable
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_used integer;
begin
  -- Under the per-(user, event) lock lock_and_check_ticket_limit took: the same user's
  -- concurrent requests cannot both pass this sum.
  if p_type.max_tickets_per_user is null then
    return;
  end if;
  v_used := evently_private.live_tickets(p_type.event_id, p_user_id, p_type.id);
  if v_used + p_quantity > p_type.max_tickets_per_user then
    raise exception 'At most % "%" tickets per person; you already have %', p_type.max_tickets_per_user, p_type.name, v_used
      using errcode = 'EVLIM', detail = 'ticket_type_id';
  end if;
end;
$$;
comment on function evently_private.check_ticket_type_limit(evently.ticket_types, uuid, integer) is
  E'Raises EVLIM when the user''s live holds and bookings of this ticket type plus quantity exceed its max_tickets_per_user (no limit when null). The caller holds the per-(user, event) lock. Errors: EVLIM.';
revoke all on function evently_private.check_ticket_type_limit(evently.ticket_types, uuid, integer) from public;
