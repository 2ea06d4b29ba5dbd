#!/usr/bin/env bash
# Makes the upgrade test's picture of a release: builds the release from its git tag, lets it create its schema on a
# scratch PostgreSQL and load the demo county with a short case history through its own code, and dumps schema and
# data as plain SQL into src/test/resources/releases/<tag>/ (UpgradeFromPreviousReleaseTest loads it, migrates it
# to HEAD and checks every row is still there). Run it once per release, right after tagging, and commit the result.
#
# Usage: scripts/make-release-dump.sh v0.1.0
# Needs: git with the tag, Debian's PostgreSQL 15 server and client (apt-get install postgresql), a JDK 21+.
set -euo pipefail
cd "$(dirname "$0")/.."
TAG="${1:?usage: scripts/make-release-dump.sh <release tag, e.g. v0.1.0>}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | head -n 1)}"
[ -x "$PG_BIN/initdb" ] || { echo "Needs Debian's PostgreSQL server (apt-get install postgresql); set PG_BIN to its bin folder"; exit 1; }
PORT="${DUMP_PORT:-18781}" PG_PORT="${DUMP_PG_PORT:-54781}"
OUT="src/test/resources/releases/$TAG"
# The release writes encrypted fields with these keys; they protect only this sample data and are repeated in
# UpgradeFromPreviousReleaseTest, which needs them to read what the release wrote.
KEY="$(printf 'fengqiao upgrade test data key!!' | head -c 16 | base64)"
INDEX_KEY="$(printf 'fengqiao upgrade test index key, 32 bytes' | head -c 32 | base64)"

JDK="$(./mvnw -v 2>/dev/null | sed -n 's/.*runtime: //p')"
WORK="$(mktemp -d /tmp/fengqiao-release-dump.XXXXXX)"
chmod 755 "$WORK"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -z "${APP:-}" ] || { kill "$APP" 2>/dev/null; wait "$APP" 2>/dev/null || :; }
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || :
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building $TAG =="
mkdir "$WORK/src"
git archive "$TAG" | tar -x -C "$WORK/src"
./mvnw -q -B -f "$WORK/src/pom.xml" package -DskipTests
JAR="$(ls "$WORK"/src/target/fengqiao-*.jar | grep -v plain | head -n 1)"

echo "== scratch PostgreSQL ($PG_BIN) =="
mkdir "$WORK/pg" && [ "$(id -u)" != 0 ] || chown postgres "$WORK/pg"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -o "-p $PG_PORT -k /tmp -c listen_addresses=localhost" -l "$WORK/pg/startup.log" -w start >/dev/null
"$PG_BIN/psql" -h localhost -p "$PG_PORT" -U postgres -qc "create database fengqiao"

echo "== $TAG creates its schema and loads the demo county with a case history =="
FENGQIAO_DB_URL="jdbc:postgresql://localhost:$PG_PORT/fengqiao" FENGQIAO_DB_USER=postgres FENGQIAO_DB_PASSWORD= \
FENGQIAO_DEMO=always FENGQIAO_CRYPTO_KEY="$KEY" FENGQIAO_CRYPTO_INDEX_KEY="$INDEX_KEY" \
  "$JDK/bin/java" -jar "$JAR" --server.port="$PORT" --fengqiao.data-dir="$WORK/data" \
  --logging.level.root=warn >"$WORK/app.log" 2>&1 &
APP=$!
for _ in $(seq 1 300); do
  curl -sf "localhost:$PORT/actuator/health" >/dev/null && break
  kill -0 "$APP" 2>/dev/null || { cat "$WORK/app.log"; exit 1; }
  sleep 1
done
# the history is written after start; wait until the report count stops growing
last=-1
for _ in $(seq 1 300); do
  n="$("$PG_BIN/psql" -h localhost -p "$PG_PORT" -U postgres -d fengqiao -tAc "select count(*) from report")"
  [ "$n" = "$last" ] && [ "$n" -gt 0 ] && break
  last="$n"; sleep 3
done
kill "$APP"; wait "$APP" || :; APP=""
echo "$TAG wrote $n reports"

echo "== dump =="
mkdir -p "$OUT"
"$PG_BIN/pg_dump" -h localhost -p "$PG_PORT" -U postgres -d fengqiao --no-owner --no-privileges --inserts \
  --rows-per-insert=200 | sed '/^\\\(un\)\{0,1\}restrict /d' | gzip -9n >"$OUT/schema-and-data.sql.gz"
"$PG_BIN/psql" -h localhost -p "$PG_PORT" -U postgres -d fengqiao -tAF $'\t' \
  -c "select version, checksum, script from flyway_schema_history where success and version is not null order by installed_rank" \
  >"$OUT/migrations.tsv"
ls -la "$OUT"
