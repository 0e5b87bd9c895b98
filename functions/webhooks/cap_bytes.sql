create or replace function evently_private.cap_bytes(p_text text, p_max_bytes integer) returns text
  language plpgsql immutable
  set search_path to pg_catalog, public, pg_temp
as $$
declare
  v_text text := left(p_text, p_max_bytes);
begin
  -- At most p_max_bytes of UTF-8, cut at a character boundary.
  while octet_length(v_text) > p_max_bytes loop
    v_text := left(v_text, length(v_text) - greatest(1, (octet_length(v_text) - p_max_bytes) / 4));
  end loop;
  return v_text;
end;
$$;
comment on function evently_private.cap_bytes(text, integer) is
  E'The longest prefix of p_text that fits in p_max_bytes bytes of UTF-8 (null stays null). Errors: none.';
revoke all on function evently_private.cap_bytes(text, integer) from public;
