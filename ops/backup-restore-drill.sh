#!/usr/bin/env bash
# Backup and restore drill: dump SOURCE_URL with pg_dump (one consistent snapshot, safe
# under live bookings), restore it into the new database TARGET_URL names, then prove the
# copy: every table holds exactly the rows of the dumped snapshot, and the invariant oracle
# finds nothing wrong on it. Prints the time of each step. Exit 0 only when all holds.
#
#   ops/backup-restore-drill.sh SOURCE_URL TARGET_URL [DUMP_FILE]
#
# TARGET_URL's database must not exist; it is created through the target server's
# "postgres" database (the login needs CREATEDB). Roles are cluster-wide and not in a
# pg_dump: restoring on another cluster needs `pg_dumpall --roles-only` there first
# (docs/operations.md). The tools must be at least the server's major version: PG_BIN
# picks them (default: the newest under /usr/lib/postgresql, else PATH).
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
source_url=$1
target_url=$2
dump_file=${3:-}

if [[ -z "${PG_BIN:-}" ]]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1 || true)
fi
tool() { if [[ -n "${PG_BIN:-}" && -x "$PG_BIN/$1" ]]; then echo "$PG_BIN/$1"; else command -v "$1" || { echo "drill: $1 not found (install PostgreSQL's client tools or set PG_BIN)" >&2; exit 2; }; fi; }
PSQL=$(tool psql); PG_DUMP=$(tool pg_dump); PG_RESTORE=$(tool pg_restore)
psql_at() { "$PSQL" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# The target server's maintenance database and the new database's name.
admin_url=$(sed -E 's#^([a-z]+://[^/]*)/[^?]*#\1/postgres#' <<<"$target_url")
target_db=$(sed -E 's#^[a-z]+://[^/]*/([^?]*).*#\1#' <<<"$target_url")
[[ -n "$target_db" && "$target_db" != "$target_url" ]] || { echo "drill: TARGET_URL must name a database" >&2; exit 2; }

server_major=$(psql_at "$source_url" -c "select current_setting('server_version_num')::int / 10000")
tool_major=$("$PG_DUMP" --version | grep -oE '[0-9]+' | head -n 1)
if (( tool_major < server_major )); then
  echo "drill: $PG_DUMP is PostgreSQL $tool_major, the server is $server_major: use tools of version $server_major or newer (PG_BIN)" >&2
  exit 2
fi

cleanup_dump=false
if [[ -z "$dump_file" ]]; then
  dump_file=$(mktemp --suffix=.dump)
  cleanup_dump=true
fi
snapshot_fifo_dir=$(mktemp -d)
cleanup() {
  $cleanup_dump && rm -f "$dump_file"
  rm -rf "$snapshot_fifo_dir"
  if [[ -n "${SNAP_PID:-}" ]]; then kill "$SNAP_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# Every table of the application's schemas with its row count, one "schema.table count" a line.
read -r -d '' COUNTS <<'SQL' || true
select format('%I.%I', n.nspname, c.relname) || ' ' ||
       (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p')
   and n.nspname in ('evently', 'evently_private', 'evently_ops', 'graphile_worker', 'graphile_migrate')
 order by 1;
SQL

# 1. Dump. A session of our own exports its snapshot; pg_dump dumps exactly that snapshot
# and the same session counts the rows of it, so counts can be compared under live writes.
mkfifo "$snapshot_fifo_dir/in" "$snapshot_fifo_dir/out"
psql_at "$source_url" <"$snapshot_fifo_dir/in" >"$snapshot_fifo_dir/out" &
SNAP_PID=$!
exec 7>"$snapshot_fifo_dir/in" 8<"$snapshot_fifo_dir/out"
printf '%s\n' "begin isolation level repeatable read read only;" "select pg_export_snapshot();" >&7
read -r snapshot <&8
[[ "$snapshot" =~ ^[0-9A-F-]+$ ]] || { echo "drill: could not export a snapshot: $snapshot" >&2; exit 1; }

t0=$(now)
"$PG_DUMP" --format=custom --snapshot="$snapshot" --file="$dump_file" "$source_url"
t1=$(now)
printf '%s\n' "$COUNTS" "select '--end--';" >&7
source_counts=""
while read -r line <&8; do
  [[ "$line" == "--end--" ]] && break
  source_counts+="$line"$'\n'
done
printf '%s\n' "commit;" >&7
exec 7>&- 8<&-
wait "$SNAP_PID" || true
SNAP_PID=
dump_bytes=$(stat -c %s "$dump_file")
echo "drill: dump $(secs "$t0" "$t1") s ($(( dump_bytes / 1024 )) kB, $(wc -l <<<"${source_counts%$'\n'}") tables)"

# 2. Restore into a new database, all or nothing.
t2=$(now)
psql_at "$admin_url" -c "create database \"$target_db\""
"$PG_RESTORE" --exit-on-error --single-transaction --dbname="$target_url" "$dump_file"
psql_at "$target_url" -c "analyze"
t3=$(now)
echo "drill: restore $(secs "$t2" "$t3") s into $target_db"

# 3. Prove the copy.
failed=0
target_counts=$(psql_at "$target_url" -c "$COUNTS")
if [[ "${source_counts%$'\n'}" != "$target_counts" ]]; then
  echo "drill: FAILED row counts differ from the dumped snapshot:" >&2
  diff <(printf '%s' "${source_counts%$'\n'}") <(printf '%s' "$target_counts") >&2 || true
  failed=1
fi
# The invariant oracle: every counter equals the rows it counts (held, booked, waiting, seats).
violations=$(psql_at "$target_url" -c "select count(*) from evently_private.counter_actuals() where recorded <> actual")
if [[ "$violations" != "0" ]]; then
  echo "drill: FAILED $violations invariant violations in the restored copy:" >&2
  psql_at "$target_url" -c "select event_id, counter, recorded, actual from evently_private.counter_actuals() where recorded <> actual" >&2
  failed=1
fi
# The API still works on the copy: its roles, grants and row-level security came along.
psql_at "$target_url" -c "begin; set local role evently_anonymous; select count(*) from evently.upcoming_events(); rollback;" >/dev/null
t4=$(now)
echo "drill: checks $(secs "$t3" "$t4") s ($(wc -l <<<"$target_counts") tables compared, $violations invariant violations)"
if (( failed )); then exit 1; fi
echo "drill: passed (dump $(secs "$t0" "$t1") s, restore $(secs "$t2" "$t3") s, checks $(secs "$t3" "$t4") s)"
