create or replace function evently_private.row_label(p_index integer) returns text
  language sql immutable strict
  set search_path to pg_catalog, public, pg_temp
as $$
  -- 1 -> A, 26 -> Z, 27 -> AA, 28 -> AB: the usual theatre row names.
  select case when p_index <= 26 then chr(64 + p_index)
              else evently_private.row_label((p_index - 1) / 26) || chr(65 + (p_index - 1) % 26) end;
$$;
comment on function evently_private.row_label(integer) is E'Spreadsheet-style row label for a 1-based row index (A..Z, AA..). Errors: none.';
revoke all on function evently_private.row_label(integer) from public;
