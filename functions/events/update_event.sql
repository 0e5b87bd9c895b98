create or replace function evently.update_event(
  event_id uuid,
  name text default null,
  starts_at timestamptz default null,
  capacity integer default null,
  venue_id uuid default null,
  description text default null,
  ends_at timestamptz default null,
  price_cents integer default null,
  hold_ttl interval default null,
  max_tickets_per_user integer default null,
  offer_ttl interval default null
) returns evently.events
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_old evently.events;
  v_new evently.events;
  v_changes jsonb;
begin
  -- Arguments left null keep their current value.
  select * into v_old from evently.events e where e.id = update_event.event_id for no key update;
  if not found then
    raise exception 'Event not found' using errcode = 'EVNFD';
  end if;
  if v_old.status = 'cancelled' then
    raise exception 'Event "%" is cancelled', v_old.name using errcode = 'EVECN';
  end if;
  if update_event.venue_id is not null
     and not exists (select 1 from evently.venues v where v.id = update_event.venue_id) then
    raise exception 'Venue not found' using errcode = 'EVNFD', detail = 'venue_id';
  end if;
  if update_event.capacity is not null and v_old.seating = 'reserved' and update_event.capacity <> v_old.capacity then
    raise exception 'capacity of a reserved-seating event is its seat count (%)', v_old.capacity
      using errcode = 'EVSEA', detail = 'capacity';
  end if;
  if update_event.venue_id is not null and v_old.seating = 'reserved' and update_event.venue_id <> v_old.venue_id then
    raise exception 'A reserved-seating event cannot move to another venue' using errcode = 'EVSEA', detail = 'venue_id';
  end if;
  v_new := v_old;
  v_new.name := coalesce(btrim(update_event.name), v_old.name);
  v_new.starts_at := coalesce(update_event.starts_at, v_old.starts_at);
  v_new.capacity := coalesce(update_event.capacity, v_old.capacity);
  v_new.venue_id := coalesce(update_event.venue_id, v_old.venue_id);
  v_new.description := coalesce(update_event.description, v_old.description);
  v_new.ends_at := coalesce(update_event.ends_at, v_old.ends_at);
  v_new.price_cents := coalesce(update_event.price_cents, v_old.price_cents);
  v_new.hold_ttl := coalesce(update_event.hold_ttl, v_old.hold_ttl);
  v_new.max_tickets_per_user := coalesce(update_event.max_tickets_per_user, v_old.max_tickets_per_user);
  v_new.offer_ttl := coalesce(update_event.offer_ttl, v_old.offer_ttl);
  if v_new.offer_ttl not between interval '1 minute' and interval '7 days' then
    raise exception 'offer_ttl must be from 1 minute to 7 days' using errcode = 'EVINV', detail = 'offer_ttl';
  end if;
  perform evently_private.assert_event_fields(v_new.name, v_new.starts_at, v_new.ends_at, v_new.capacity,
    v_new.price_cents, v_new.hold_ttl, v_new.max_tickets_per_user,
    p_allow_past_start => update_event.starts_at is null and v_old.starts_at <= now());
  if v_new.capacity < v_old.held + v_old.booked then
    -- Expired holds still counted in held must not make the change fail.
    perform evently_private.reclaim_expired_holds(v_old.id);
    select e.held, e.booked into v_old.held, v_old.booked from evently.events e where e.id = v_old.id;
    if v_new.capacity < v_old.held + v_old.booked then
      raise exception 'Capacity cannot go below % (% sold, % held)', v_old.booked + v_old.held, v_old.booked, v_old.held
        using errcode = 'EVCAP', detail = 'capacity';
    end if;
  end if;
  update evently.events e
     set name = v_new.name, starts_at = v_new.starts_at, capacity = v_new.capacity, venue_id = v_new.venue_id,
         description = v_new.description, ends_at = v_new.ends_at, price_cents = v_new.price_cents,
         hold_ttl = v_new.hold_ttl, max_tickets_per_user = v_new.max_tickets_per_user,
         offer_ttl = v_new.offer_ttl, updated_at = now()
   where e.id = update_event.event_id
  returning * into v_new;
  select coalesce(jsonb_object_agg(n.key, jsonb_build_object('from', o.value, 'to', n.value)), '{}')
    into v_changes
    from jsonb_each(to_jsonb(v_new)) n join jsonb_each(to_jsonb(v_old)) o using (key)
   where n.value is distinct from o.value and n.key not in ('updated_at', 'held', 'booked', 'waiting', 'waitlist_seq');
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'event.updated', 'event', v_new.id, v_changes);
  if v_changes ?| array['starts_at', 'ends_at', 'venue_id'] then
    perform evently_private.notify_event_holders(v_new.id, 'event_changed', jsonb_build_object('changes', v_changes));
  end if;
  if v_new.capacity > v_old.capacity then
    perform evently_private.promote_waitlist(v_new.id);
  end if;
  return v_new;
end;
$$;
comment on function evently.update_event(uuid, text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer, interval) is
  E'Admin: changes an event; null arguments keep the current value. Capacity never goes below tickets sold plus held; more capacity goes to the waitlist first; a new time or venue notifies every ticket holder. Errors: EVAUT, EVFBD, EVNFD, EVECN, EVINV, EVCAP, EVSEA (capacity or venue of a reserved-seating event).';
revoke all on function evently.update_event(uuid, text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer, interval) from public;
grant execute on function evently.update_event(uuid, text, timestamptz, integer, uuid, text, timestamptz, integer, interval, integer, interval)
  to evently_anonymous, evently_user;
