#!/usr/bin/env bash
# Stops (and then kills with SIGKILL) the platform's PostgreSQL during sustained intake with a person watching the
# live queue, starts it again on the same folder, and checks that every answer meanwhile was a clear 503, that the
# platform served again by itself, and that no acknowledged report was lost or doubled.
# Usage: scripts/db-fault-test.sh [seconds down]   (source: src/test/java/org/fengqiao/bench/DatabaseFaultTest.java)
set -euo pipefail
cd "$(dirname "$0")/.."
DOWN="${1:-10}"
WORK=$(mktemp -d /tmp/fengqiao-dbfault.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
JDK="$(./mvnw -v 2>/dev/null | sed -n 's/.*runtime: //p')"
./mvnw -o -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
for mode in ${FAULT_MODES:-restart crash}; do
  echo "== PostgreSQL $([ $mode = crash ] && echo 'killed with SIGKILL' || echo 'stopped') under load =="
  rm -rf "$WORK/data"
  "$JDK/bin/java" -cp "$CP" org.fengqiao.bench.DatabaseFaultTest \
    data="$WORK/data" pgPort="${FAULT_PG_PORT:-54392}" clients="${FAULT_CLIENTS:-8}" warm="${FAULT_WARM:-6}" \
    down="$DOWN" after="${FAULT_AFTER:-5}" mode=$mode
done
