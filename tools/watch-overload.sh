#!/usr/bin/env bash
# Overload of `vigil watch` (issue 5, acceptance 5): finds the rate watch processes (TCP, as fast as it takes), then a
# load generator in a second process offers FACTOR times that for SECONDS over HTTP, syslog TCP and syslog UDP at once
# (a third each), with the SigmaHQ Windows rules and OTRF events. Prints name: value lines: offered, accepted and
# processed events, 429 answers, UDP drops counted by /metrics against sent, TCP sender blocked time, peak RSS against
# the bound, and whether an accepted event was lost.
#
# usage: tools/watch-overload.sh [SECONDS] [FACTOR]     (defaults 60 and 5; from the repository root)
#   WATCH_CPUS / GENERATOR_CPUS: CPU lists for taskset (e.g. 0 and 1: watch on one core, the load on the other);
#   WATCH_JAVA_OPTS: more JVM options for watch (e.g. -Xint, so that one generator core can offer five times its rate).
#   WATCH_HEAP: watch's -Xmx (default 512m); MEMORY_OVERHEAD_MIB: allowance over the heap for the JVM itself
#   (metaspace, code, threads, buffers; default 256); SPOOL_BYTES: the bound of the write-ahead spool of network records (default 64 MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/bench-common.sh
. tools/watch-common.sh
seconds="${1:-60}"
factor="${2:-5}"
heap="${WATCH_HEAP:-512m}"
overhead="${MEMORY_OVERHEAD_MIB:-256}"
shared="$(shared_data)"
work="$PWD/target/bench/watch-overload"
rm -rf "$work/state" "$work/alerts.jsonl"
mkdir -p "$work"
cp="$(tools/test-classpath.sh)"
mkdir -p target/bench/watch
otrf_events target/bench/watch/events.jsonl "${BENCH_EVENTS:-40000}"
cat > "$work/vigil.yml" <<YAML
sources:
  - syslog: {protocol: tcp, listen: "127.0.0.1:0"}
    format: json
  - syslog: {protocol: udp, listen: "127.0.0.1:0"}
    format: json
  - http: {listen: "127.0.0.1:0"}
rules:
  paths: [$shared/sigma/rules/windows]
  builtin: true
state: $work/state
sinks:
  jsonl: {path: $work/alerts.jsonl}
spool-max-bytes: ${SPOOL_BYTES:-67108864}
metrics: {listen: "127.0.0.1:0"}
YAML
# shellcheck disable=SC2086  # WATCH_JAVA_OPTS: more JVM options for watch, split on spaces (e.g. -Xint for a slower watch)
start_watch "$work/vigil.yml" "$work/watch.log" "-Xmx$heap" "-Xms$heap" ${WATCH_JAVA_OPTS:-}
trap stop_watch EXIT
machine_line
echo "load_average_before: $(cut -d' ' -f1-3 /proc/loadavg)"
out="$(${GENERATOR_CPUS:+taskset -c "$GENERATOR_CPUS"} java -Xmx2g -cp "$cp" dev.vigil.bench.WatchLoad overload target/bench/watch/events.jsonl "$factor" \
    "${CALIBRATE_SECONDS:-10}" "$seconds" "$METRICS_URL" "$WATCH_PID" "http://127.0.0.1:$HTTP_PORT/ingest" \
    "127.0.0.1:$TCP_PORT" "127.0.0.1:$UDP_PORT")"
echo "$out"
echo "load_average_after: $(cut -d' ' -f1-3 /proc/loadavg)"
heap_mib="$(value heap_max_mib "$out")"
rss="$(value rss_peak_mib "$out")"
bound=$((heap_mib + overhead))
echo "memory_bound_mib: $bound (heap $heap_mib + $overhead)"
echo "rss_within_bound: $([ "$rss" -le "$bound" ] && echo yes || echo no)"
echo "accepted_event_lost: $([ "$(value accepted_lost "$out")" = 0 ] && echo no || echo yes)"
