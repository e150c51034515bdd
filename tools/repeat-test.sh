#!/usr/bin/env bash
# Runs one test (a class, or Class#method) RUNS times under HOGS busy loops that compete for the CPU, and prints one
# line per run: its exit code and the lines the test printed that start with its class name. For timing-dependent
# tests (the crash and overload tests of `vigil watch`): a loss that shows only on a loaded machine shows here.
# Compiles once first; the runs themselves use the compiled classes (surefire:test), so do not rebuild meanwhile.
# Each run's whole output is kept in target/repeat/run-N.txt.
#
# usage: tools/repeat-test.sh TEST [RUNS (10)] [HOGS (2)]
#   e.g. tools/repeat-test.sh 'WatchCrashTest#webhookThroughAnOutage' 12 2
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: tools/repeat-test.sh TEST [RUNS] [HOGS]" >&2; exit 2; }
test="$1"
runs="${2:-10}"
hogs="${3:-2}"
class="${test%%#*}"
mvn -q -B -ntp test-compile
mkdir -p target/repeat
failed=0
hog_pids=()
stop_hogs() {
    for pid in "${hog_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    hog_pids=()
}
trap stop_hogs EXIT
for run in $(seq 1 "$runs"); do
    for _ in $(seq 1 "$hogs"); do
        sh -c 'while :; do :; done' &
        hog_pids+=("$!")
    done
    out="target/repeat/run-$run.txt"
    code=0
    mvn -B -ntp surefire:test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false >"$out" 2>&1 || code=$?
    stop_hogs
    [ "$code" -eq 0 ] || failed=$((failed + 1))
    echo "run $run: exit $code"
    grep -h "^$class" "$out" | sed 's/^/  /' || true
done
echo "failed: $failed of $runs"
[ "$failed" -eq 0 ]
