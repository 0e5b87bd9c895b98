create or replace function evently.decline_offer(hold_id uuid) returns evently.holds
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_hold evently.holds := evently_private.lock_hold(decline_offer.hold_id);
begin
  if v_hold.id is null or v_hold.user_id <> v_user_id then
    raise exception 'Hold not found' using errcode = 'EVNFD';
  end if;
  if v_hold.waitlist_entry_id is null then
    raise exception 'This hold is not a waitlist offer; use release_hold' using errcode = 'EVNOF';
  end if;
  if v_hold.status <> 'active' then
    raise exception 'Offer is already %', v_hold.status using errcode = 'EVHNA';
  end if;
  -- close_hold marks the entry declined and offers the tickets to the next in line.
  return evently_private.close_hold(v_hold, 'released');
end;
$$;
comment on function evently.decline_offer(uuid) is
  E'Declines a waitlist offer: its tickets pass to the next in line in this transaction. Errors: EVAUT, EVNFD, EVNOF, EVHNA.';
revoke all on function evently.decline_offer(uuid) from public;
grant execute on function evently.decline_offer(uuid) to evently_anonymous, evently_user;
