create or replace function evently.join_ticket_type_waitlist(ticket_type_id uuid, quantity integer)
  returns evently.waitlist_entries
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events;
  v_event_id uuid;
begin
  if join_ticket_type_waitlist.ticket_type_id is null then
    raise exception 'ticket_type_id is required' using errcode = 'EVINV', detail = 'ticket_type_id';
  end if;
  select t.event_id into v_event_id from evently.ticket_types t where t.id = join_ticket_type_waitlist.ticket_type_id;
  if not found then
    raise exception 'Ticket type not found' using errcode = 'EVNFD', detail = 'ticket_type_id';
  end if;
  v_event := evently_private.bookable_event(v_event_id);
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  -- Only while the type is on sale: its line is offered the type's freed tickets.
  return evently_private.enter_waitlist(v_event, evently_private.ticket_type_for(v_event, join_ticket_type_waitlist.ticket_type_id),
                                        v_user_id, join_ticket_type_waitlist.quantity);
end;
$$;
comment on function evently.join_ticket_type_waitlist(uuid, integer) is
  E'Puts the current user on one ticket type''s waitlist for a party of quantity, at the event''s next position. While anyone waits for a type, its freed tickets are offered to its waitlist in position order (a hold of the type; accept with confirm_hold, decline with decline_offer), not sold. One live entry per user and type. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVWLD, EVTSW, EVQAD.';
revoke all on function evently.join_ticket_type_waitlist(uuid, integer) from public;
grant execute on function evently.join_ticket_type_waitlist(uuid, integer) to evently_anonymous, evently_user;
