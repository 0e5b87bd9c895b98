create or replace function evently_private.queue_notification(
  p_user_id uuid, p_kind text, p_event_id uuid, p_payload jsonb default '{}'
) returns uuid
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_id uuid;
begin
  -- The outbox row commits or rolls back with the change it reports: a rolled-back
  -- booking never sends "booking confirmed". It is one small insert: the relay
  -- (relay_notifications, tasks/) finds pending rows itself, so no job is queued per row.
  insert into evently.notifications (user_id, kind, event_id, payload)
  values (p_user_id, p_kind, p_event_id, coalesce(p_payload, '{}'))
  returning id into v_id;
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
  perform evently_private.start_notification_relay();
  return v_id;
end;
$$;
comment on function evently_private.queue_notification(uuid, text, uuid, jsonb) is
  E'Writes a notification (outbox row) in the current transaction, and the webhook event of bookings, cancellations and offers when an endpoint wants it; the relay_notifications job delivers them (and is started here if none exists). Errors: none registered.';
revoke all on function evently_private.queue_notification(uuid, text, uuid, jsonb) from public;
