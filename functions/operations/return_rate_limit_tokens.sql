create or replace function evently_private.return_rate_limit_tokens(
  keys text[], unused integer[], window_ids bigint[]
) returns void
  language sql volatile
  set search_path to pg_catalog, public, pg_temp
as $$
  -- Tokens an app process leased but did not spend go back to the budget, so another
  -- instance can grant them in the same window; tokens of an ended window are void.
  update evently_ops.rate_limit_budgets b
     set granted = greatest(0, b.granted - r.unused)
    from unnest(keys, unused, window_ids) as r (key, unused, window_id)
   where b.key = r.key and (extract(epoch from b.window_ends_at) * 1000000)::bigint = r.window_id
     and b.window_ends_at > now();
  -- Budgets of windows that ended a while ago only clutter the table.
  delete from evently_ops.rate_limit_budgets
   where key in (select key from evently_ops.rate_limit_budgets
                  where window_ends_at < now() - interval '1 minute' limit 1000);
$$;
comment on function evently_private.return_rate_limit_tokens(text[], integer[], bigint[]) is
  E'Gives leased but unspent tokens back to their keys'' budgets (only within the window they were leased in) and deletes budgets of long-ended windows. Called by the HTTP server (evently_authenticator). Errors: none registered.';
revoke all on function evently_private.return_rate_limit_tokens(text[], integer[], bigint[]) from public;
grant execute on function evently_private.return_rate_limit_tokens(text[], integer[], bigint[]) to evently_authenticator;
