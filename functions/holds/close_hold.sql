create or replace function evently_private.close_hold(p_hold evently.holds, p_status text) returns evently.holds
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_hold evently.holds;
begin
  -- The caller holds the locks (lock_hold); status = 'active' guards against closing twice.
  update evently.holds set status = p_status, closed_at = now()
   where id = p_hold.id and status = 'active'
  returning * into v_hold;
  if not found then
    return null;
  end if;
  if p_status <> 'confirmed' then
    update evently.events set held = held - v_hold.quantity where id = v_hold.event_id;
    update evently.event_seats set status = 'available', hold_id = null where hold_id = v_hold.id;
  end if;
  perform graphile_worker.remove_job('expire_hold:' || v_hold.id);
  if v_hold.waitlist_entry_id is not null then
    perform evently_private.settle_offer(v_hold);
  end if;
  if p_status <> 'confirmed' then
    -- Freed tickets go to the waitlist in this same transaction.
    perform evently_private.promote_waitlist(v_hold.event_id);
  end if;
  return v_hold;
end;
$$;
comment on function evently_private.close_hold(evently.holds, text) is
  E'Ends an active hold with the given status; unless confirmed, its tickets (and seats) go back on sale, to the waitlist first. Settles a waitlist offer''s entry. Removes its expiry job.';
revoke all on function evently_private.close_hold(evently.holds, text) from public;
