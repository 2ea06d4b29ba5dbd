#!/usr/bin/env bash
# Crash test of the intake: kill -9 the app AND its embedded PostgreSQL during sustained submissions, restart, and
# check that every acknowledged report is there and that retries with the same Idempotency-Key made no duplicates.
# Usage: scripts/intake-crash-test.sh [port] [pg-port]   (compile first: ./mvnw test-compile)
set -euo pipefail
PORT=${1:-8085}
PGPORT=${2:-54386}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=/tmp/fq-crash-$PORT
rm -rf "$WORK" && mkdir -p "$WORK"
# run from a private copy of the classes so a rebuild in the working tree cannot disturb the test
cp -r "$ROOT/target/classes" "$WORK/classes" && cp -r "$ROOT/target/test-classes" "$WORK/test-classes"
CP="$WORK/classes:$(cat /tmp/fq-cp.txt)"
start_app() {
  (nohup "$JAVA" -cp "$CP" org.fengqiao.FengqiaoApplication --server.port="$PORT" --fengqiao.data-dir="$WORK/data" \
     --fengqiao.embedded-db-port="$PGPORT" >>"$WORK/app.log" 2>&1 & echo $! >"$WORK/app.pid")
  for _ in $(seq 1 90); do curl -sf "localhost:$PORT/actuator/health" >/dev/null && return 0; sleep 2; done
  echo "app did not start"; tail -20 "$WORK/app.log"; exit 1
}
driver() { "$JAVA" -cp "$WORK/test-classes:$CP" org.fengqiao.intake.load.IntakeLoadDriver "$@"; }

start_app
echo "app up (pid $(cat "$WORK/app.pid")); submitting for 25 s, kill -9 after 8 s"
driver crash --url "http://localhost:$PORT" --log "$WORK/crash.log" --seconds 25 --concurrency 16 &
DRIVER=$!
sleep 8
PG_PID=$(head -1 "$WORK/data/pg/postmaster.pid")
kill -9 "$(cat "$WORK/app.pid")" "$PG_PID"
echo "killed app $(cat "$WORK/app.pid") and postgres $PG_PID with SIGKILL"
wait "$DRIVER" || true
echo "sent: $(grep -c '^SENT' "$WORK/crash.log"), acknowledged: $(grep -c '^ACK' "$WORK/crash.log")"
rm -f "$WORK/data/pg/postmaster.pid"   # the killed server's lock file; its shared memory is gone with it
start_app
driver verify --url "http://localhost:$PORT" --jdbc "jdbc:postgresql://localhost:$PGPORT/postgres" --log "$WORK/crash.log"
RC=$?
kill "$(cat "$WORK/app.pid")"
exit $RC
