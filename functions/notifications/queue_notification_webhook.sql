create or replace function evently_private.queue_notification_webhook(
  p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb
) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- Organizers' webhooks hear of bookings, cancellations and offers from the same
  -- transaction (functions/webhooks/; nothing is written when no endpoint wants the type).
  if p_kind in ('booking_confirmed', 'booking_cancelled', 'waitlist_offer') then
    perform evently_private.queue_webhook_event(
      case p_kind when 'booking_confirmed' then 'booking.confirmed'
                  when 'booking_cancelled' then 'booking.cancelled'
                  else 'waitlist.offered' end,
      p_event_id,
      -- Ticket codes stay with their holder.
      jsonb_build_object('event_id', p_event_id, 'user_id', p_user_id) || (coalesce(p_payload, '{}') - 'tickets'));
  end if;
end;
$$;
comment on function evently_private.queue_notification_webhook(uuid, text, uuid, jsonb) is
  E'Writes the webhook event that goes with a notification of kind p_kind (booking_confirmed, booking_cancelled, waitlist_offer; others have none): its payload without ticket codes, plus event_id and user_id; nothing when no endpoint wants it. Errors: none registered.';
revoke all on function evently_private.queue_notification_webhook(uuid, text, uuid, jsonb) from public;
