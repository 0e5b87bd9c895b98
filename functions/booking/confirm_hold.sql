create or replace function evently.confirm_hold(hold_id uuid, idempotency_key text default null)
  returns evently.bookings
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_booking_id uuid;
  v_hold evently.holds;
  v_booking evently.bookings;
begin
  v_booking_id := evently_private.idempotency_begin(v_user_id, confirm_hold.idempotency_key,
    jsonb_build_object('function', 'confirm_hold', 'hold_id', confirm_hold.hold_id));
  if v_booking_id is not null then
    select * into v_booking from evently.bookings where id = v_booking_id;
    return v_booking;
  end if;
  v_hold := evently_private.lock_own_active_hold(confirm_hold.hold_id, v_user_id);
  if v_hold.expires_at <= now() then
    raise exception 'Hold expired at %; its tickets went back on sale', v_hold.expires_at using errcode = 'EVHEX';
  end if;
  v_booking := evently_private.convert_hold(v_hold);
  if confirm_hold.idempotency_key is not null then
    perform evently_private.idempotency_finish(v_user_id, confirm_hold.idempotency_key, v_booking.id);
  end if;
  return v_booking;
end;
$$;
comment on function evently.confirm_hold(uuid, text) is
  E'Turns the current user''s active hold into a confirmed booking with one ticket per person. With idempotency_key, a retry returns the same booking. Errors: EVAUT, EVNFD (missing or not yours), EVHNA, EVHEX, EVIDM, EVIDK.';
revoke all on function evently.confirm_hold(uuid, text) from public;
grant execute on function evently.confirm_hold(uuid, text) to evently_anonymous, evently_user;
