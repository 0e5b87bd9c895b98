create or replace function evently_private.notification_for_delivery(p_notification_id uuid)
  returns table (id uuid, status text, kind text, payload jsonb, email text, name text,
                 event_name text, event_starts_at timestamptz, venue_name text)
  language sql stable
  set search_path to pg_catalog, public, pg_temp
as $$
  select n.id, n.status, n.kind, n.payload, u.email::text, u.name, e.name, e.starts_at, v.name
    from evently.notifications n
    join evently.users u on u.id = n.user_id
    left join evently.events e on e.id = n.event_id
    left join evently.venues v on v.id = e.venue_id
   where n.id = p_notification_id;
$$;
comment on function evently_private.notification_for_delivery(uuid) is
  E'Everything the send_notification task needs to render and address one notification. Errors: none.';
revoke all on function evently_private.notification_for_delivery(uuid) from public;
