#!/usr/bin/env bash
# The cost of the live-update NOTIFY (migration 000008) on the booking path, same run A/B:
# pgbench updates an events-like row's counter (what take_capacity does) with and without the
# AFTER UPDATE trigger that calls pg_notify, on one hot event and on 1,000 events.
# Needs pgbench (Debian: postgresql-client / /usr/lib/postgresql/15/bin) and a server at
# $PGURL (default the machine's PostgreSQL 15 at 127.0.0.1:5432). Creates and drops its own database.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
BASE=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=evently_notify_cost_$$
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
CLIENTS=${CLIENTS:-8}
psql() { "$PGBIN/psql" -X -q "$@"; }
psql "$BASE/postgres" -c "create database $DB"
trap 'psql "$BASE/postgres" -c "drop database if exists $DB with (force)"' EXIT
psql "$BASE/$DB" <<'SQL'
create table events (id integer primary key, held integer not null default 0, booked integer not null default 0, updated_at timestamptz not null default now());
insert into events (id) select generate_series(1, 1000);
create function notify_event_changed() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('evently.live_updates', true), '') <> 'off' then
    perform pg_notify('evently_event:' || new.id::text, '');
  end if;
  return null;
end $$;
SQL
hot=$(mktemp); spread=$(mktemp)
echo 'update events set booked = booked + 1, updated_at = now() where id = 1;' > "$hot"
printf '\\set id random(1, 1000)\nupdate events set booked = booked + 1, updated_at = now() where id = :id;\n' > "$spread"
run() { "$PGBIN/pgbench" -n -c "$CLIENTS" -j 2 -T "$SECONDS_PER_RUN" -f "$1" "$BASE/$DB" 2>/dev/null | awk '/tps = /{print $3; exit}'; }
trigger_on() { psql "$BASE/$DB" -c "create trigger t after update on events for each row when (old.* is distinct from new.*) execute function notify_event_changed()"; }
trigger_off() { psql "$BASE/$DB" -c "drop trigger if exists t on events"; }
for round in 1 2; do
  for shape in hot spread; do
    file=$([ "$shape" = hot ] && echo "$hot" || echo "$spread")
    trigger_off; off=$(run "$file")
    trigger_on; on=$(run "$file")
    psql "$BASE/$DB" -c "alter database $DB set evently.live_updates = off"; switched=$(run "$file")
    psql "$BASE/$DB" -c "alter database $DB reset evently.live_updates"
    echo "round $round, $shape ($CLIENTS clients): no trigger $off tps, NOTIFY $on tps, trigger with live_updates=off $switched tps"
  done
done
rm -f "$hot" "$spread"
