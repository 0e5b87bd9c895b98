create or replace function evently_private.claim_notifications(p_limit integer, p_id uuid default null)
  returns table (id uuid, kind text, payload jsonb, attempts integer, email text, name text,
                 event_name text, event_starts_at timestamptz, venue_name text)
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Oldest due notifications first, locked until the caller's transaction ends; rows
  -- another relay has locked are skipped, so relays never send the same one twice at once.
  with claimed as (
    select n.id from evently.notifications n
     where n.status = 'pending' and (n.next_attempt_at is null or n.next_attempt_at <= now())
       and (p_id is null or n.id = p_id)
     order by n.created_at
     limit p_limit
       for update skip locked
  )
  select n.id, n.kind, n.payload, n.attempts, u.email::text, u.name, e.name, e.starts_at, v.name
    from claimed c
    join evently.notifications n on n.id = c.id
    join evently.users u on u.id = n.user_id
    left join evently.events e on e.id = n.event_id
    left join evently.venues v on v.id = e.venue_id
   order by n.created_at;
$$;
comment on function evently_private.claim_notifications(integer, uuid) is
  E'Locks up to p_limit pending notifications that are due (or only p_id), oldest first, skipping rows another relay holds, with what rendering and addressing them needs; call inside a transaction and record the outcome with record_deliveries before it commits. Errors: none registered.';
revoke all on function evently_private.claim_notifications(integer, uuid) from public;
