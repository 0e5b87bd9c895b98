create or replace function evently_private.settle_offer(p_hold evently.holds) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_entry_status text := case p_hold.status
    when 'confirmed' then 'accepted'
    when 'released' then 'declined'
    when 'expired' then 'expired'
    else 'cancelled' end;
begin
  -- Only an entry still 'offered' changes (leave_waitlist has already marked its entry 'left').
  update evently.waitlist_entries set status = v_entry_status, updated_at = now()
   where id = p_hold.waitlist_entry_id and status = 'offered';
  if found and p_hold.status = 'expired' then
    perform evently_private.queue_notification(p_hold.user_id, 'offer_expired', p_hold.event_id,
      jsonb_build_object('hold_id', p_hold.id, 'quantity', p_hold.quantity, 'expired_at', p_hold.expires_at));
  end if;
end;
$$;
comment on function evently_private.settle_offer(evently.holds) is
  E'Moves the waitlist entry of a closed offer hold to accepted, declined, expired or cancelled (with an offer_expired notification). Errors: none.';
revoke all on function evently_private.settle_offer(evently.holds) from public;
