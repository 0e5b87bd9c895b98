create or replace function evently.hold_best_available(
  event_id uuid, quantity integer, section text default null, category text default null
) returns evently.holds
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(hold_best_available.event_id);
begin
  if v_event.seating <> 'reserved' then
    raise exception 'Event "%" has no reserved seating; use hold_tickets', v_event.name using errcode = 'EVSEA';
  end if;
  perform evently_private.assert_admitted(v_event.id, v_user_id);
  return evently_private.place_hold(v_event, v_user_id, hold_best_available.quantity, null,
                                    hold_best_available.section, hold_best_available.category, p_expiry_job => true);
end;
$$;
comment on function evently.hold_best_available(uuid, integer, text, text) is
  E'Holds the best quantity seats: adjacent in one row when possible (front rows, centre seats first), otherwise the best free seats row by row; optionally only in one section or category. Never refuses while enough seats are free. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVSEA, EVQTY, EVLIM, EVSLD, EVQAD.';
revoke all on function evently.hold_best_available(uuid, integer, text, text) from public;
grant execute on function evently.hold_best_available(uuid, integer, text, text) to evently_anonymous, evently_user;
