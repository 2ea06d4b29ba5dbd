#!/usr/bin/env bash
# Measures sustained report intake over HTTP against a running Fengqiao, side by side with raw PostgreSQL doing
# the same inserts on the same server in the same run. Usage: scripts/bench-intake.sh [seconds] [clients,...] [token|session]
# (token: the clients share one API token, as a hotline system would; session: each signs in and sends its CSRF token)
# BENCH_CP_FILE=<file>: use an already built classpath (target/classes, target/test-classes and this file's
# dependencies) instead of building; BENCH_APP_OPTS: JVM options of the platform (e.g. a JFR recording);
# BENCH_WARMUP: seconds of load before the first measured run (default 10; the JIT needs about a minute to settle).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-20}
CLIENTS=${2:-4,16,64}
AUTH=${3:-token}
PORT=${BENCH_PORT:-8090}
PG_PORT=${BENCH_PG_PORT:-54390}
DATA=$(mktemp -d /tmp/fengqiao-bench.XXXXXX)
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21+}"
if [ -n "${BENCH_CP_FILE:-}" ]; then
  cp "$BENCH_CP_FILE" "$DATA/cp.txt"
else
  ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$DATA/cp.txt" -Dmdep.includeScope=test
fi
CP="target/test-classes:target/classes:$(cat "$DATA/cp.txt")"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${BENCH_APP_OPTS:-} -cp "$CP" org.fengqiao.FengqiaoApplication --server.port="$PORT" \
  --fengqiao.data-dir="$DATA/data" --fengqiao.embedded-db-port="$PG_PORT" --logging.level.root=warn > "$DATA/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 180); do curl -sf "localhost:$PORT/actuator/health" >/dev/null && break; sleep 1; done
echo "$(date -u +%FT%TZ) $(nproc) cores, load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -cp "$CP" org.fengqiao.bench.IntakeLoadDriver base="http://localhost:$PORT" \
  jdbc="jdbc:postgresql://localhost:$PG_PORT/postgres" seconds="$SECONDS_PER_RUN" clients="$CLIENTS" auth="$AUTH" \
  warmup="${BENCH_WARMUP:-10}"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
