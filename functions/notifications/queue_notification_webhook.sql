create or replace function evently_private.queue_notification_webhook(
  p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb
) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_type text := case p_kind when 'booking_confirmed' then 'booking.confirmed'
                             when 'booking_cancelled' then 'booking.cancelled'
                             when 'waitlist_offer' then 'waitlist.offered' end;
begin
  -- Organizers' webhooks hear of bookings, cancellations and offers from the same
  -- transaction (functions/webhooks/; nothing is written when no endpoint wants the type).
  -- Asked here too, before the payload is built: on every booking, and mostly no endpoint.
  if v_type is null
     or not exists (select 1 from evently.webhook_endpoints e where e.active and e.event_types @> array[v_type]) then
    return;
  end if;
  perform evently_private.queue_webhook_event(v_type, p_event_id,
    -- Ticket codes stay with their holder.
    jsonb_build_object('event_id', p_event_id, 'user_id', p_user_id) || (coalesce(p_payload, '{}') - 'tickets'));
end;
$$;
comment on function evently_private.queue_notification_webhook(uuid, text, uuid, jsonb) is
  E'Writes the webhook event that goes with a notification of kind p_kind (booking_confirmed, booking_cancelled, waitlist_offer; others have none): its payload without ticket codes, plus event_id and user_id; nothing when no endpoint wants it. Errors: none registered.';
revoke all on function evently_private.queue_notification_webhook(uuid, text, uuid, jsonb) from public;
