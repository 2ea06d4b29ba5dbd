#!/usr/bin/env bash
# Kills the platform with SIGKILL during sustained intake, restarts it, and proves that every acknowledged report
# survived and that clients retrying with their idempotency keys made no duplicates. Usage: scripts/crash-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21+}"
WORK=$(mktemp -d /tmp/fengqiao-crash.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"
for kill_db in false true; do
  echo "== kill -9 the platform$([ $kill_db = true ] && echo ' and its PostgreSQL') =="
  rm -rf "$WORK/data"
  "$JAVA_HOME/bin/java" -cp "$CP" org.fengqiao.bench.IntakeCrashTest cp="$CP" data="$WORK/data" \
    port="${CRASH_PORT:-8091}" pgPort="${CRASH_PG_PORT:-54391}" clients="${CRASH_CLIENTS:-8}" \
    killAfter="${CRASH_KILL_AFTER:-8}" killDatabase=$kill_db
done
