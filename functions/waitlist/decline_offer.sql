create or replace function evently.decline_offer(hold_id uuid) returns evently.holds
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_user_id uuid := evently_private.require_user();
  v_hold evently.holds := evently_private.lock_own_active_hold(decline_offer.hold_id, v_user_id);
begin
  if v_hold.waitlist_entry_id is null then
    raise exception 'This hold is not a waitlist offer; use release_hold' using errcode = 'EVNOF';
  end if;
  -- close_holds marks the entry declined and offers the tickets to the next in line.
  select * into v_hold from evently_private.close_holds(array[v_hold.id], 'released');
  return v_hold;
end;
$$;
comment on function evently.decline_offer(uuid) is
  E'Declines a waitlist offer: its tickets pass to the next in line in this transaction. Errors: EVAUT, EVNFD, EVNOF, EVHNA.';
revoke all on function evently.decline_offer(uuid) from public;
grant execute on function evently.decline_offer(uuid) to evently_anonymous, evently_user;
