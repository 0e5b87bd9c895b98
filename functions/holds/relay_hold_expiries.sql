create or replace function evently_private.relay_hold_expiries(p_limit integer) returns integer
  language plpgsql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_claimed integer;
  v_specs graphile_worker.job_spec[];
begin
  -- Rows another relay holds are skipped, so no hold's job is queued twice at once (and the
  -- job key would make a second one a no-op anyway). A hold confirmed, released or expired
  -- since gets no job; one closed after this reads it gets a job that finds nothing to do.
  with claimed as (
    delete from evently_private.hold_expiries e
     where (e.event_id, e.hold_id) in (select x.event_id, x.hold_id from evently_private.hold_expiries x
                                        limit p_limit
                                          for update skip locked)
    returning e.event_id, e.hold_id, e.expires_at
  )
  select count(*)::integer,
         array_agg(row('expire_hold', json_build_object('hold_id', c.hold_id), null, c.expires_at,
                       25::smallint, 'expire_hold:' || c.hold_id, null::smallint, null::text[])::graphile_worker.job_spec)
           filter (where h.status = 'active')
    into v_claimed, v_specs
    from claimed c
    left join evently.holds h on h.event_id = c.event_id and h.id = c.hold_id;
  if v_specs is not null then
    -- One NOTIFY for the batch: a worker waiting for due jobs needs no more.
    perform graphile_worker.add_jobs(v_specs);
  end if;
  return v_claimed;
end;
$$;
comment on function evently_private.relay_hold_expiries(integer) is
  E'The relay''s hold step: queues the expire_hold job (job key expire_hold:<hold id>, run at the hold''s expiry, 25 attempts) of up to p_limit holds recorded by queue_hold_expiry, in one graphile_worker.add_jobs call; rows of holds no longer active are dropped. Returns how many rows it took. Errors: none registered.';
revoke all on function evently_private.relay_hold_expiries(integer) from public;
