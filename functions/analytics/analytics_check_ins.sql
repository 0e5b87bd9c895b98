create or replace function evently.analytics_check_ins(
  starts_after timestamptz default null,
  starts_before timestamptz default null,
  max_rows integer default 100
) returns table (
  event_id uuid, name text, starts_at timestamptz, status text,
  tickets integer, checked_in integer, check_in_rate double precision, last_check_in_at timestamptz
)
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  perform evently_private.require_admin();
  if max_rows is null or max_rows not between 1 and 1000 then
    raise exception 'max_rows must be from 1 to 1000' using errcode = 'EVINV', detail = 'max_rows';
  end if;
  -- Events in start order; tickets are the valid ones (tickets_event_idx), check-ins
  -- those of them marked at the door.
  return query
  select e.id, e.name, e.starts_at, e.status, c.tickets, c.checked_in,
         case when c.tickets > 0 then round(c.checked_in::numeric / c.tickets, 4)::double precision end,
         c.last_at
    from evently.events e
    cross join lateral (
      select count(*)::integer as tickets,
             count(*) filter (where t.checked_in_at is not null)::integer as checked_in,
             max(t.checked_in_at) as last_at
        from evently.tickets t where t.event_id = e.id and t.status = 'valid'
    ) c
   where (analytics_check_ins.starts_after is null or e.starts_at >= analytics_check_ins.starts_after)
     and (analytics_check_ins.starts_before is null or e.starts_at < analytics_check_ins.starts_before)
   order by e.starts_at, e.id
   limit analytics_check_ins.max_rows;
end;
$$;
comment on function evently.analytics_check_ins(timestamptz, timestamptz, integer) is
  E'Admin: per event (optionally only those starting in [starts_after, starts_before)), in start order, at most max_rows (1-1000): valid tickets, how many are checked in at the door, the share (null without tickets) and the latest check-in. Errors: EVAUT, EVFBD, EVINV.';
revoke all on function evently.analytics_check_ins(timestamptz, timestamptz, integer) from public;
grant execute on function evently.analytics_check_ins(timestamptz, timestamptz, integer) to evently_user;
