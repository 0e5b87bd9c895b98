create or replace function evently_private.queue_hold_expiry(p_hold_id uuid, p_expires_at timestamptz, p_event_id uuid) returns void
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- One row for the relay, which queues the hold's expire_hold job (job key
  -- expire_hold:<hold id>) within about its idle interval: not graphile_worker.add_job here,
  -- whose NOTIFY would make this hold's commit wait for every other notifying commit
  -- (migration 000017). Committed with the hold, so a rolled-back hold leaves nothing to
  -- relay. Callers write it before they lock the event row when they can (place_hold,
  -- place_typed_hold: the hold's id is chosen first).
  insert into evently_private.hold_expiries (hold_id, event_id, expires_at) values (p_hold_id, p_event_id, p_expires_at);
  perform evently_private.start_notification_relay();
end;
$$;
comment on function evently_private.queue_hold_expiry(uuid, timestamptz, uuid) is
  E'Records a new hold''s expiry for the relay, which queues its expire_hold job (job key expire_hold:<hold id>) to run at p_expires_at; in the hold''s transaction. Not for a hold that already has its job (its run_at would not move). Errors: none.';
revoke all on function evently_private.queue_hold_expiry(uuid, timestamptz, uuid) from public;
