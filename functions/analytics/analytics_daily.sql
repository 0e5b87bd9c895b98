create or replace function evently.analytics_daily(
  since date default (now() at time zone 'UTC')::date - 29,
  until date default (now() at time zone 'UTC')::date
) returns table (day date, bookings integer, tickets integer, revenue_cents bigint, cancellations integer)
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  perform evently_private.require_admin();
  if since is null or until is null or until < since or until - since > 366 then
    raise exception 'until must be on or after since, at most 366 days later' using errcode = 'EVINV', detail = 'until';
  end if;
  -- Days are UTC. Bookings count on the day they were made (whatever happened later);
  -- revenue only for those still confirmed; cancellations on the day they were cancelled.
  return query
  with made as (
    select (b.created_at at time zone 'UTC')::date as d, count(*)::integer as n, sum(b.quantity)::integer as q,
           coalesce(sum(b.total_cents) filter (where b.status = 'confirmed'), 0)::bigint as cents
      from evently.bookings b
     where b.created_at >= (since::timestamp at time zone 'UTC')
       and b.created_at < ((until + 1)::timestamp at time zone 'UTC')
     group by 1
  ), cancelled as (
    select (b.cancelled_at at time zone 'UTC')::date as d, count(*)::integer as n
      from evently.bookings b
     where b.cancelled_at >= (since::timestamp at time zone 'UTC')
       and b.cancelled_at < ((until + 1)::timestamp at time zone 'UTC')
     group by 1
  )
  select g.d::date, coalesce(made.n, 0), coalesce(made.q, 0), coalesce(made.cents, 0::bigint), coalesce(cancelled.n, 0)
    from generate_series(since, until, interval '1 day') g(d)
    left join made on made.d = g.d::date
    left join cancelled on cancelled.d = g.d::date
   order by 1;
end;
$$;
comment on function evently.analytics_daily(date, date) is
  E'Admin: per UTC day from since to until (inclusive, at most 366 days; default the last 30): bookings made and their tickets, revenue of those still confirmed, and cancellations made that day. Errors: EVAUT, EVFBD, EVINV.';
revoke all on function evently.analytics_daily(date, date) from public;
grant execute on function evently.analytics_daily(date, date) to evently_user;
