create or replace function evently.join_waitlist(event_id uuid, quantity integer) returns evently.waitlist_entries
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(join_waitlist.event_id);
begin
  -- The waiting room first, as for holds and bookings.
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  -- Contract v1 on an event with ticket types: its only type's line (several: EVTTR, name
  -- one with join_ticket_type_waitlist).
  return evently_private.enter_waitlist(v_event, evently_private.ticket_type_for(v_event, null),
                                        v_user_id, join_waitlist.quantity);
end;
$$;
comment on function evently.join_waitlist(uuid, integer) is
  E'Puts the current user on the event''s waitlist for a party of quantity, at the next position (on an event with ticket types: its only type''s waitlist; with several, use join_ticket_type_waitlist). When tickets free up they are offered in position order as a hold (see waitlist_offer notifications); accept with confirm_hold, decline with decline_offer. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVWLD, EVTTR, EVTSW, EVQAD.';
revoke all on function evently.join_waitlist(uuid, integer) from public;
grant execute on function evently.join_waitlist(uuid, integer) to evently_anonymous, evently_user;
