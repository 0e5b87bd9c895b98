create or replace function evently_private.lease_rate_limit_tokens(
  keys text[], wants integer[], limits integer[], window_seconds integer
) returns table (key text, granted integer, window_id bigint, ms_left integer)
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- One statement for every key an app process needs tokens for right now. Each key's
  -- row is touched once per lease, never inside a booking's transaction: a hot key (one
  -- IP behind a proxy) is leased in chunks, so requests do not queue on its row.
  -- A window that has ended starts again with this lease.
  -- Rows are taken in key order, as return_rate_limit_tokens takes them: two statements
  -- sharing keys (another instance's lease, a return) then wait for each other instead of
  -- deadlocking.
  insert into evently_ops.rate_limit_budgets as b (key, points, window_ends_at, granted, last_grant)
  select a.key, a.points, now() + make_interval(secs => window_seconds),
         least(a.want, a.points), least(a.want, a.points)
    from unnest(keys, wants, limits) as a (key, want, points)
   order by a.key
  on conflict on constraint rate_limit_budgets_pkey do update set
    window_ends_at = case when b.window_ends_at <= now() then excluded.window_ends_at else b.window_ends_at end,
    last_grant = case when b.window_ends_at <= now() then excluded.last_grant
                      else least(excluded.last_grant, greatest(0, excluded.points - b.granted)) end,
    granted = case when b.window_ends_at <= now() then excluded.granted
                   else b.granted + least(excluded.last_grant, greatest(0, excluded.points - b.granted)) end,
    points = excluded.points
  -- The window is named by its end in microseconds (exact, unlike a JavaScript Date) and
  -- its length left is given in server time, so clocks of app hosts do not matter.
  returning b.key, b.last_grant, (extract(epoch from b.window_ends_at) * 1000000)::bigint,
            ceil(extract(epoch from b.window_ends_at - now()) * 1000)::integer;
$$;
comment on function evently_private.lease_rate_limit_tokens(text[], integer[], integer[], integer) is
  E'Grants each key up to its wanted tokens from what its limit leaves in the current window (a window of window_seconds starts at a key''s first lease); returns what was granted, the window''s id and the milliseconds left in it. Keys must be distinct. Called by the HTTP server (evently_authenticator). Errors: none registered.';
revoke all on function evently_private.lease_rate_limit_tokens(text[], integer[], integer[], integer) from public;
grant execute on function evently_private.lease_rate_limit_tokens(text[], integer[], integer[], integer) to evently_authenticator;
