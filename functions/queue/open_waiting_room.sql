create or replace function evently.open_waiting_room(
  event_id uuid, opens_at timestamptz, admission_rate integer, admission_window interval default '10 minutes'
) returns evently.waiting_rooms
  language plpgsql volatile security definer
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_admin_id uuid := evently_private.require_admin();
  v_event evently.events;
  v_room evently.waiting_rooms;
  v_since timestamptz := greatest(now(), open_waiting_room.opens_at);
begin
  if open_waiting_room.opens_at is null then
    raise exception 'opens_at is required' using errcode = 'EVINV', detail = 'opens_at';
  end if;
  if open_waiting_room.admission_rate is null or open_waiting_room.admission_rate not between 1 and 1000000 then
    raise exception 'admission_rate must be 1 to 1000000 people per minute' using errcode = 'EVINV', detail = 'admission_rate';
  end if;
  if open_waiting_room.admission_window is null
     or open_waiting_room.admission_window not between interval '1 minute' and interval '1 day' then
    raise exception 'admission_window must be between 1 minute and 1 day' using errcode = 'EVINV', detail = 'admission_window';
  end if;
  v_event := evently_private.bookable_event(open_waiting_room.event_id);
  if open_waiting_room.opens_at >= v_event.starts_at then
    raise exception 'The waiting room must open before the event starts' using errcode = 'EVINV', detail = 'opens_at';
  end if;
  -- Reconfiguring restarts the rate count from now (or the new opening), keeping everyone's
  -- place: a higher rate never releases a burst for the time already passed.
  insert into evently.waiting_rooms as r (event_id, opens_at, admission_rate, admission_window, counting_since)
  values (v_event.id, open_waiting_room.opens_at, open_waiting_room.admission_rate, open_waiting_room.admission_window,
          v_since)
  on conflict on constraint waiting_rooms_pkey do update
     set opens_at = excluded.opens_at, admission_rate = excluded.admission_rate,
         admission_window = excluded.admission_window, counting_since = excluded.counting_since,
         admitted_before = r.admitted, updated_at = now()
  returning * into v_room;
  insert into evently.audit_log (actor_id, action, subject_type, subject_id, details)
  values (v_admin_id, 'waiting_room.opened', 'event', v_room.event_id,
          jsonb_build_object('opens_at', v_room.opens_at, 'admission_rate', v_room.admission_rate,
                             'admission_window_seconds', extract(epoch from v_room.admission_window)));
  perform evently_private.schedule_admissions(v_room.event_id, v_room.opens_at);
  return v_room;
end;
$$;
comment on function evently.open_waiting_room(uuid, timestamptz, integer, interval) is
  E'Admin: puts a waiting room in front of the event''s on-sale (or changes it). From now on only people admitted from its queue may hold, book or join the waitlist; from opens_at on, admission_rate people per minute are admitted in join order, each for admission_window. Changing it keeps everyone''s place and counts the rate afresh. Recorded in audit_log. Errors: EVAUT, EVFBD, EVINV, EVNFD, EVECN, EVPST.';
revoke all on function evently.open_waiting_room(uuid, timestamptz, integer, interval) from public;
grant execute on function evently.open_waiting_room(uuid, timestamptz, integer, interval) to evently_anonymous, evently_user;
