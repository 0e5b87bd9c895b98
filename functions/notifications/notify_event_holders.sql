create or replace function evently_private.notify_event_holders(p_event_id uuid, p_kind text, p_payload jsonb)
  returns integer
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- One message per affected user (not per booking), with their tickets of this event.
  select count(evently_private.queue_notification(b.user_id, p_kind, p_event_id,
           p_payload || jsonb_build_object('tickets', b.tickets)))::integer
    from (select bk.user_id, sum(bk.quantity) as tickets
            from evently.bookings bk
           where bk.event_id = p_event_id
             and (bk.status = 'confirmed' or (p_kind = 'event_cancelled' and bk.cancelled_at >= now()))
           group by bk.user_id) b;
$$;
comment on function evently_private.notify_event_holders(uuid, text, jsonb) is
  E'Notifies every ticket holder of an event (event_changed; event_cancelled also reaches bookings cancelled by this transaction). Errors: none.';
revoke all on function evently_private.notify_event_holders(uuid, text, jsonb) from public;
