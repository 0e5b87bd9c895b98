create or replace function evently_private.repair_counter(mismatch_id bigint, note text default null)
  returns evently.counter_mismatches
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_mismatch evently.counter_mismatches;
  v_actual integer;
begin
  select * into v_mismatch from evently.counter_mismatches m where m.id = repair_counter.mismatch_id for update;
  if not found then
    raise exception 'Counter mismatch not found' using errcode = 'EVNFD';
  end if;
  if v_mismatch.repaired_at is not null then
    raise exception 'Mismatch % was already repaired by %', v_mismatch.id, v_mismatch.repaired_by using errcode = 'EVINV';
  end if;
  if v_mismatch.counter not in ('held', 'booked', 'waiting') then
    -- Seat or ticket rows, not a counter, are out of line: which row is right needs a person.
    raise exception 'Seat and ticket rows must be repaired by hand (see docs/operations.md)' using errcode = 'EVINV', detail = 'counter';
  end if;
  -- Recount under the event row lock so no booking changes the rows meanwhile.
  perform 1 from evently.events e where e.id = v_mismatch.event_id for no key update;
  select a.actual into v_actual from evently_private.counter_actuals(array[v_mismatch.event_id]) a where a.counter = v_mismatch.counter;
  if v_mismatch.counter = 'held' then
    update evently.events set held = v_actual where id = v_mismatch.event_id;
  elsif v_mismatch.counter = 'booked' then
    update evently.events set booked = v_actual where id = v_mismatch.event_id;
  else
    update evently.events set waiting = v_actual where id = v_mismatch.event_id;
  end if;
  update evently.counter_mismatches m
     set repaired_at = now(),
         repaired_by = coalesce(evently.current_user_id()::text, session_user::text),
         note = repair_counter.note,
         actual = v_actual
   where m.id = v_mismatch.id
  returning * into v_mismatch;
  return v_mismatch;
end;
$$;
comment on function evently_private.repair_counter(bigint, text) is
  E'DBA: sets the counter of a recorded mismatch to a fresh count of its rows (under the event lock) and records who repaired it and why. Seat and ticket mismatches are refused (repair by hand). Usage: select * from evently_private.repair_counter(42, ''restored after manual edit'');. Errors: EVINV, EVNFD.';
revoke all on function evently_private.repair_counter(bigint, text) from public;
