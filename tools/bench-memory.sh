#!/usr/bin/env bash
# Peak memory and steady-state speed of a long hunt: ./vigil hunt with every SigmaHQ rule over at least 10 million
# events, JSONL output, on every core. The input costs no disk: the OTRF corpus folder (112 zips, 647,019 events) is
# named REPEAT times on the command line, and hunt reads each naming in full (16 times: 10,352,272 events read); with
# --evtx, the tiled EVTX file instead (10 times: 10,000,610 records). Runs twice, one after the
# other: with the JVM options the launcher gives a hunt (-Xmx2g -XX:+UseParallelGC -Xmn256m unless VIGIL_JAVA_OPTS is set), then with
# -Xmx of --xmx. For each run prints RUN_events, _seconds, _cpu_seconds, _peak_rss_mib (from /usr/bin/time),
# _events_per_second, _rules and _detections; the detections file is deleted after it is counted.
# Heavy: about ten minutes of both cores per run on the machine of docs/performance.md.
#
# usage: tools/bench-memory.sh [--repeat N (16)] [--xmx SIZE (512m)] [--threads N (all cores)] [--input DIR] [--evtx]
#   --input DIR   hunt DIR (repeated) instead of the OTRF corpus, e.g. one of its subfolders for a quick check
#   --evtx        hunt the tiled EVTX file of tools/bench-evtx.sh (target/bench/tiled-1000000.evtx, 1,000,061
#                 records, made if absent) instead, named REPEAT times (10 unless --repeat: 10,000,610 records)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tools/bench-common.sh
. tools/bench-common.sh

repeat=""
xmx=512m
evtx=
threads="$(nproc)"
input=""
while [ $# -gt 0 ]; do
    case "$1" in
        --repeat) repeat="$2"; shift 2 ;;
        --xmx) xmx="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --input) input="$2"; shift 2 ;;
        --evtx) evtx=1; shift ;;
        *) echo "usage: tools/bench-memory.sh [--repeat N] [--xmx SIZE] [--threads N] [--input DIR] [--evtx]" >&2; exit 2 ;;
    esac
done
shared="$(shared_data)"
if [ -n "$evtx" ]; then
    [ -z "$input" ] || { echo "bench-memory: --input and --evtx exclude each other" >&2; exit 2; }
    repeat="${repeat:-10}"
    corpus="target/bench/tiled-1000000.evtx"
    if [ ! -f "$corpus" ]; then
        mvn -q -o -B -ntp -Dstyle.color=never test-compile >&2
        cp="target/classes:target/test-classes:$(ls ~/.m2/repository/com/fasterxml/jackson/core/jackson-core/*/jackson-core-*.jar | head -1)"
        mkdir -p target/bench
        java -cp "$cp" dev.vigil.bench.EvtxTiler "$corpus" 1000000 "$shared/evtx" >&2
    fi
    cat "$corpus" > /dev/null   # into the page cache
else
    repeat="${repeat:-16}"
    corpus="${input:-$shared/json/otrf-windows}"
    [ -d "$corpus" ] || { echo "bench-memory: no folder $corpus" >&2; exit 2; }
fi
inputs=()
for ((i = 0; i < repeat; i++)); do
    inputs+=("$corpus")
done
sigma_rule_arguments "$shared"
mkdir -p target/bench
load="$(cut -d' ' -f1 /proc/loadavg)"
if awk -v l="$load" 'BEGIN {exit !(l > 1.5)}'; then
    echo "bench-memory: warning: load average is $load; the times will be slower than on a quiet machine" >&2
fi

machine_line
echo "input: $corpus, named $repeat times"
echo "threads: $threads"
run() {
    local name="$1" output="target/bench/memory-$1.jsonl" result
    echo "running $name (VIGIL_JAVA_OPTS=${VIGIL_JAVA_OPTS:-launcher default})…" >&2
    result="$(timed_hunt "$name" "${inputs[@]}" "${rules[@]}" --threads "$threads" --format jsonl -o "$output")"
    echo "$result"
    echo "${name}_output_bytes: $(stat -c %s "$output")"
    rm -f "$output"
}
if [ -n "${VIGIL_JAVA_OPTS:-}" ]; then
    echo "launcher_default_java_options: $VIGIL_JAVA_OPTS"
else
    # the launcher's default options, with the collector it adds for a hunt in place of $gc
    echo "launcher_default_java_options: $(sed -n 's/.*VIGIL_JAVA_OPTS:-\([^}]*\)}.*/\1/p' vigil \
        | sed "s/\$gc/$(sed -n 's/^ *gc="\(..*\)"$/\1/p' vigil)/")"
fi
run launcher_default
VIGIL_JAVA_OPTS="-Xmx$xmx" run "xmx$xmx"
