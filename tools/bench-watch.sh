#!/usr/bin/env bash
# Real-time latency of `vigil watch` (issue 5, acceptance 4): a load generator in a second process writes OTRF Windows
# events at a sustained rate (a) to syslog TCP and (b) appended to a followed file, with the SigmaHQ Windows rules and
# the built-in pack; each event carries its write time (BenchSentMicros), and the generator follows the alert file to
# time each alert from write to alert line. Prints name: value lines (docs/performance.md, "Real time").
#
# usage: tools/bench-watch.sh [RATE] [SECONDS]      (defaults 20000 and 30; from the repository root)
#   WATCH_POLL_MILLIS: the file poll pause (default 10); VIGIL_JAVA_OPTS: watch's JVM options (default -Xmx1g)
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/bench-common.sh
. tools/watch-common.sh
rate="${1:-20000}"
seconds="${2:-30}"
shared="$(shared_data)"
[ -d "$shared/sigma/rules/windows" ] || { echo "missing $shared/sigma/rules/windows" >&2; exit 2; }
work="$PWD/target/bench/watch"
rm -rf "$work/state" "$work/alerts.jsonl" "$work/tailed.jsonl"
mkdir -p "$work"
cp="$(tools/test-classpath.sh)"
otrf_events "$work/events.jsonl" "${BENCH_EVENTS:-40000}"
: > "$work/tailed.jsonl"
cat > "$work/vigil.yml" <<YAML
sources:
  - file: $work/tailed.jsonl
    format: json
  - syslog: {protocol: tcp, listen: "127.0.0.1:0"}
    format: json
rules:
  paths: [$shared/sigma/rules/windows]
  builtin: true
state: $work/state
sinks:
  jsonl: {path: $work/alerts.jsonl}
metrics: {listen: "127.0.0.1:0"}
YAML
export WATCH_POLL_MILLIS="${WATCH_POLL_MILLIS:-10}"
# shellcheck disable=SC2086
start_watch "$work/vigil.yml" "$work/watch.log" ${VIGIL_JAVA_OPTS:--Xmx1g}
trap stop_watch EXIT
machine_line
echo "rules: $(sed -n 's/^watching .*, \([0-9]*\) rules;.*/\1/p' "$work/watch.log")"
echo "events_pool: $(wc -l < "$work/events.jsonl")"
echo "poll_millis: $WATCH_POLL_MILLIS"
# warm-up (not measured): the JIT compiles the rules' code paths in the first seconds
java -Xmx2g -cp "$cp" dev.vigil.bench.WatchLoad latency "$work/events.jsonl" "$rate" "${WARMUP_SECONDS:-10}" "$METRICS_URL" \
    "$work/alerts.jsonl" "$WATCH_PID" file "$work/tailed.jsonl" | sed -n 's/^file_latency_p99_ms/warmup_latency_p99_ms/p'
echo "load_average_before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx2g -cp "$cp" dev.vigil.bench.WatchLoad latency "$work/events.jsonl" "$rate" "$seconds" "$METRICS_URL" \
    "$work/alerts.jsonl" "$WATCH_PID" tcp "127.0.0.1:$TCP_PORT"
echo "load_average_between: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx2g -cp "$cp" dev.vigil.bench.WatchLoad latency "$work/events.jsonl" "$rate" "$seconds" "$METRICS_URL" \
    "$work/alerts.jsonl" "$WATCH_PID" file "$work/tailed.jsonl"
echo "load_average_after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "watch_peak_rss_mib: $(( $(awk '/^VmHWM:/ {print $2}' "/proc/$WATCH_PID/status") / 1024 ))"
