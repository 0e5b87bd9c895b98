create or replace function evently_private.return_rate_limit_tokens(
  keys text[], unused integer[], window_ids bigint[]
) returns void
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Tokens an app process leased but did not spend go back to the budget, so another
  -- instance can grant them in the same window; tokens of an ended window are void.
  -- The rows are locked in key order first, the order lease_rate_limit_tokens takes them
  -- in: an UPDATE … FROM joins in whatever order its plan gives, and a lease taking two of
  -- the same keys the other way round deadlocked with it.
  select count(*) from (
    select 1 from evently_ops.rate_limit_budgets
     where key = any(keys) order by key for update
  ) as locked;
  update evently_ops.rate_limit_budgets b
     set granted = greatest(0, b.granted - r.unused)
    from unnest(keys, unused, window_ids) as r (key, unused, window_id)
   where b.key = r.key and (extract(epoch from b.window_ends_at) * 1000000)::bigint = r.window_id
     and b.window_ends_at > now();
  -- Budgets of windows that ended a while ago only clutter the table. A row a lease is
  -- renewing right now is skipped (left for the next return), never waited for.
  delete from evently_ops.rate_limit_budgets
   where key in (select key from evently_ops.rate_limit_budgets
                  where window_ends_at < now() - interval '1 minute'
                  limit 1000 for update skip locked);
$$;
comment on function evently_private.return_rate_limit_tokens(text[], integer[], bigint[]) is
  E'Gives leased but unspent tokens back to their keys'' budgets (only within the window they were leased in) and deletes budgets of long-ended windows. Called by the HTTP server (evently_authenticator). Errors: none registered.';
revoke all on function evently_private.return_rate_limit_tokens(text[], integer[], bigint[]) from public;
grant execute on function evently_private.return_rate_limit_tokens(text[], integer[], bigint[]) to evently_authenticator;
