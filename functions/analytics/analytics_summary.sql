create or replace function evently.analytics_summary(
  since timestamptz default now() - interval '30 days',
  until timestamptz default now(),
  out bookings_created integer,
  out bookings_cancelled integer,
  out tickets_sold integer,
  out revenue_cents bigint,
  out cancellation_rate double precision,
  out holds_created integer,
  out holds_confirmed integer,
  out hold_conversion_rate double precision
)
  language plpgsql stable security definer
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  perform evently_private.require_admin();
  if since is null or until is null or until <= since then
    raise exception 'until must be after since' using errcode = 'EVINV', detail = 'until';
  end if;
  -- security definer: one admin check here instead of the RLS policy's per-row check
  -- over millions of bookings. Range scans on bookings_created_idx / holds_created_idx.
  select count(*)::integer,
         count(*) filter (where b.status = 'cancelled')::integer,
         coalesce(sum(b.quantity) filter (where b.status = 'confirmed'), 0)::integer,
         coalesce(sum(b.total_cents) filter (where b.status = 'confirmed'), 0)::bigint
    into bookings_created, bookings_cancelled, tickets_sold, revenue_cents
    from evently.bookings b
   where b.created_at >= since and b.created_at < until;
  cancellation_rate := case when bookings_created > 0
                            then round(bookings_cancelled::numeric / bookings_created, 4)::double precision end;
  select count(*)::integer, count(*) filter (where h.status = 'confirmed')::integer
    into holds_created, holds_confirmed
    from evently.holds h
   where h.created_at >= since and h.created_at < until;
  hold_conversion_rate := case when holds_created > 0
                               then round(holds_confirmed::numeric / holds_created, 4)::double precision end;
end;
$$;
comment on function evently.analytics_summary(timestamptz, timestamptz) is
  E'Admin: bookings created in [since, until) (default the last 30 days): how many, how many are now cancelled, tickets and revenue of those still confirmed, cancellation rate; holds created and the share confirmed (hold-to-booking conversion). Rates are null when nothing was created. Errors: EVAUT, EVFBD, EVINV.';
revoke all on function evently.analytics_summary(timestamptz, timestamptz) from public;
grant execute on function evently.analytics_summary(timestamptz, timestamptz) to evently_user;
