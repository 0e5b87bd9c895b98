create or replace function evently.hold_tickets(event_id uuid, quantity integer) returns evently.holds
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_event evently.events := evently_private.bookable_event(hold_tickets.event_id);
  v_hold evently.holds;
begin
  perform evently_private.assert_quantity_within_limit(v_event, v_user_id, hold_tickets.quantity);
  perform evently_private.take_capacity(v_event.id, hold_tickets.quantity, true);
  insert into evently.holds (event_id, user_id, quantity, expires_at)
  values (v_event.id, v_user_id, hold_tickets.quantity, now() + v_event.hold_ttl)
  returning * into v_hold;
  -- One job per hold (job_key), committed with the hold; confirm/release remove it.
  perform graphile_worker.add_job('expire_hold', json_build_object('hold_id', v_hold.id),
    run_at => v_hold.expires_at, job_key => 'expire_hold:' || v_hold.id, max_attempts => 25);
  return v_hold;
end;
$$;
comment on function evently.hold_tickets(uuid, integer) is
  E'Sets quantity tickets aside for the current user until expires_at (the event''s hold_ttl); confirm with confirm_hold. Errors: EVAUT, EVINV, EVNFD, EVECN, EVPST, EVQTY, EVLIM, EVSLD.';
revoke all on function evently.hold_tickets(uuid, integer) from public;
grant execute on function evently.hold_tickets(uuid, integer) to evently_anonymous, evently_user;
