create or replace function evently_private.valid_idempotency_key(p_key text) returns boolean
  language plpgsql immutable
  set search_path to pg_catalog, public, pg_temp
as $$
begin
  -- PL/pgSQL: it keeps its plan for the session (docs/conventions.md, "a function file").
  -- 1 to 255 visible ASCII characters: what a client can send in a header unchanged.
  return length(p_key) between 1 and 255 and p_key ~ '^[\x21-\x7e]+$';
end;
$$;
comment on function evently_private.valid_idempotency_key(text) is
  E'Whether p_key is a well-formed idempotency key (1 to 255 visible ASCII characters); idempotency_begin raises EVIDK otherwise. Errors: none.';
revoke all on function evently_private.valid_idempotency_key(text) from public;
