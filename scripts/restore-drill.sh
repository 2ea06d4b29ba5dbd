#!/usr/bin/env bash
# Restore drill: restores the newest base backup plus the archived WAL into a NEW folder, starts it on a spare port,
# and compares row counts of the main tables with the live database at the restore point the drill creates.
#
#   scripts/restore-drill.sh --live 'host=db port=5432 dbname=fengqiao user=postgres' --backups /srv/pg-backups
#       production: <backups>/base/<timestamp>/ holds pg_basebackup -Ft -z output, <backups>/wal/ the archive
#       (see docs/OPERATIONS.md, Backups); the live database is only read, plus one restore point and a WAL switch.
#   scripts/restore-drill.sh --demo
#       self-contained, here: makes a scratch "live" PostgreSQL with WAL archiving, loads the release sample data
#       (src/test/resources/releases/), takes a base backup, changes data after it (so the WAL must be replayed),
#       then runs the same drill against it.
#
# Needs Debian's PostgreSQL of the live server's major version (apt-get install postgresql): pg_ctl, psql,
# pg_basebackup. Prints one line per table and "RESTORE DRILL PASSED" or "FAILED".
set -euo pipefail
cd "$(dirname "$0")/.."
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[ -x "$PG_BIN/pg_ctl" ] || { echo "Needs Debian's PostgreSQL (apt-get install postgresql); set PG_BIN to its bin folder"; exit 1; }
TABLES="${DRILL_TABLES:-area person account role_assignment report case_file case_event audit_event notification_inbox}"
RESTORE_PORT="${DRILL_PORT:-54783}"
WORK="$(mktemp -d /tmp/fengqiao-drill.XXXXXX)"
chmod 755 "$WORK"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
started=()
cleanup() {
  for d in "${started[@]:-}"; do [ -n "$d" ] && as_pg "$PG_BIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1 || :; done
  rm -rf "$WORK"
}
trap cleanup EXIT
pgdir() { mkdir -p "$1"; [ "$(id -u)" != 0 ] || chown postgres "$1"; chmod 700 "$1"; }

LIVE="" BACKUPS=""
case "${1:-}" in
--live) LIVE="$2"; [ "${3:-}" = --backups ] && BACKUPS="$4" || { echo "usage: see the top of $0"; exit 2; } ;;
--demo)
  echo "== scratch live database with WAL archiving ($PG_BIN) =="
  LIVE_DIR="$WORK/live" BACKUPS="$WORK/backups"
  pgdir "$LIVE_DIR"; pgdir "$BACKUPS"; pgdir "$BACKUPS/wal"; pgdir "$BACKUPS/base"
  as_pg "$PG_BIN/initdb" -D "$LIVE_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >>"$LIVE_DIR/postgresql.conf" <<CONF
port = 54782
listen_addresses = 'localhost'
unix_socket_directories = '/tmp'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $BACKUPS/wal/%f && cp %p $BACKUPS/wal/%f'
archive_timeout = 60
CONF
  as_pg "$PG_BIN/pg_ctl" -D "$LIVE_DIR" -l "$LIVE_DIR/server.log" -w start >/dev/null
  started+=("$LIVE_DIR")
  LIVE="host=localhost port=54782 dbname=fengqiao user=postgres"
  "$PG_BIN/psql" "host=localhost port=54782 dbname=postgres user=postgres" -qc "create database fengqiao"
  release="$(ls -d src/test/resources/releases/*/ | sort -V | tail -n 1)"
  zcat "$release/schema-and-data.sql.gz" | "$PG_BIN/psql" "$LIVE" -q -v ON_ERROR_STOP=1 >/dev/null
  echo "loaded $(basename "$release") sample data"
  echo "== nightly base backup =="
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  pgdir "$BACKUPS/base/$stamp"
  as_pg "$PG_BIN/pg_basebackup" -d "$LIVE" -D "$BACKUPS/base/$stamp" -Ft -z -X none -c fast
  echo "== the day goes on after the backup: changes that only the archived WAL holds =="
  "$PG_BIN/psql" "$LIVE" -qAt -c "delete from notification_inbox where id % 7 = 0" \
    -c "update case_file set version = version + 1 where id % 5 = 0"
  "$PG_BIN/psql" "$LIVE" -qc "create table drill_after_backup as select id from report"
  TABLES="$TABLES drill_after_backup"
  ;;
*) sed -n 2,16p "$0"; exit 2 ;;
esac

q() { "$PG_BIN/psql" "$1" -qAt -v ON_ERROR_STOP=1 -c "$2"; }
base="$(ls -d "$BACKUPS"/base/*/ | sort | tail -n 1)"
echo "== drill: restore $(basename "$base") + archived WAL into a new folder =="
point="drill-$(date -u +%Y%m%dT%H%M%SZ)"
declare -A at_point
for t in $TABLES; do at_point[$t]="$(q "$LIVE" "select count(*) from $t")"; done
q "$LIVE" "select pg_create_restore_point('$point')" >/dev/null
wal="$(q "$LIVE" "select pg_walfile_name(pg_switch_wal())")"
for _ in $(seq 1 120); do
  [ -f "$BACKUPS/wal/$wal" ] && break
  sleep 0.5
done
[ -f "$BACKUPS/wal/$wal" ] || { echo "WAL $wal was not archived within 60 s: check archive_command"; exit 1; }

R="$WORK/restored"
pgdir "$R"
as_pg tar -xzf "$base/base.tar.gz" -C "$R"
[ ! -f "$base/pg_wal.tar.gz" ] || as_pg tar -xzf "$base/pg_wal.tar.gz" -C "$R/pg_wal"
cat >>"$R/postgresql.auto.conf" <<CONF
port = $RESTORE_PORT
listen_addresses = 'localhost'
unix_socket_directories = '/tmp'
archive_mode = off
restore_command = 'cp $BACKUPS/wal/%f %p'
recovery_target_name = '$point'
recovery_target_action = 'promote'
CONF
as_pg touch "$R/recovery.signal"
t0=$(date +%s.%N)
as_pg "$PG_BIN/pg_ctl" -D "$R" -l "$R/restore.log" -w -t 600 start >/dev/null
started+=("$R")
RESTORED="host=localhost port=$RESTORE_PORT dbname=fengqiao user=postgres"
for _ in $(seq 1 600); do [ "$(q "$RESTORED" "select pg_is_in_recovery()" 2>/dev/null)" = f ] && break; sleep 0.5; done
t1=$(date +%s.%N)
failed=0
for t in $TABLES; do
  restored="$(q "$RESTORED" "select count(*) from $t")"
  live_now="$(q "$LIVE" "select count(*) from $t")"
  verdict=ok
  # counted just before the restore point, so under live traffic: counted <= restored <= now (nothing is deleted)
  [ "$restored" -ge "${at_point[$t]}" ] && [ "$restored" -le "$live_now" ] || { verdict=FAIL; failed=1; }
  printf '  %-20s restored %8s   live just before the restore point %8s   live now %8s   %s\n' "$t" "$restored" "${at_point[$t]}" "$live_now" "$verdict"
done
size="$(du -sh "$base" | cut -f1)"; wals="$(ls "$BACKUPS/wal" | wc -l)"
printf 'base backup %s (%s), %s archived WAL files, restored and recovered to %s in %.1f s\n' "$(basename "$base")" "$size" "$wals" "$point" "$(awk "BEGIN {print $t1 - $t0}")"
if [ "$failed" = 0 ]; then echo "RESTORE DRILL PASSED"; else echo "RESTORE DRILL FAILED"; exit 1; fi
