#!/usr/bin/env bash
# Proves that ./mvnw picks a suitable JDK by itself: with JAVA_HOME (or the java on the PATH) older than 21 it uses
# the newest JDK 21+ installed in a usual place, and with none it stops with one line saying what to install.
# Needs a JDK older than 21 to try with (OLD_JDK, or the first one found under /usr/lib/jvm); run by .ci/run.
set -uo pipefail
cd "$(dirname "$0")/.."

major() { sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1; }
old="${OLD_JDK:-}" new=""
for jdk in /usr/lib/jvm/*; do
  [ -x "$jdk/bin/javac" ] || continue
  m="$(major "$jdk")"
  [ -n "$m" ] || continue
  if [ "$m" -lt 21 ] && [ -z "$old" ]; then old="$jdk"; fi
  if [ "$m" -ge 21 ] && { [ -z "$new" ] || [ "$m" -gt "$(major "$new")" ]; }; then new="$jdk"; fi
done
if [ -z "$old" ] || [ -z "$new" ]; then
  echo "check-wrapper-jdk: SKIPPED (needs a JDK < 21 and a JDK 21+ under /usr/lib/jvm; old='$old' new='$new')"
  exit 0
fi
passed=0 failed=0
check() { # name, condition result
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "  ok   $1"; else failed=$((failed + 1)); echo "  FAIL $1"; fi
}
out="$(mktemp)" err="$(mktemp)" empty="$(mktemp -d)"
trap 'rm -rf "$out" "$err" "$empty"' EXIT
want="Java version: $(major "$new")"

echo "wrapper JDK selection (old: $old, expected pick: $new)"
JAVA_HOME="$old" ./mvnw -v >"$out" 2>"$err"
grep -q "$want" "$out" && grep -q "^mvnw: JAVA_HOME ($old) is Java $(major "$old"); using the JDK $(major "$new") at $new$" "$err"
check "JAVA_HOME=JDK $(major "$old"): Maven runs on $new and says so in one line" $?

env -u JAVA_HOME PATH="$old/bin:$PATH" ./mvnw -v >"$out" 2>"$err"
grep -q "$want" "$out" && grep -q "^mvnw: the java on the PATH is Java $(major "$old"); using the JDK" "$err"
check "no JAVA_HOME, java $(major "$old") first on the PATH: Maven runs on $new" $?

JAVA_HOME="$new" ./mvnw -v >"$out" 2>"$err"
grep -q "$want" "$out" && ! grep -q '^mvnw:' "$err"
check "JAVA_HOME=JDK $(major "$new"): used as it is, nothing printed" $?

JAVA_HOME="$old" MVNW_JDK_DIRS="$empty" ./mvnw -v >"$out" 2>"$err"; rc=$?
[ "$rc" -ne 0 ] && [ ! -s "$out" ] && [ "$(wc -l <"$err")" -eq 1 ] \
  && grep -q "^This project needs a JDK 21 or newer; .* install one (Temurin 21 or 25" "$err"
check "no JDK 21+ anywhere: exit $rc with one line saying what to install" $?
[ "$failed" -eq 0 ] || cat "$err"
echo "check-wrapper-jdk: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
