#!/usr/bin/env bash
# EVTX reader benchmark, side by side in one run (BENCHMARKS.md, comparison 4):
#   1. tile the shared EVTX samples into one file of RECORDS records (kept under target/bench/);
#   2. evtxexport (libevtx, C) over it on one core;
#   3. Vigil's reader over it on the same core, then on every core;
#   4. with --hunt GB: a hunt (built-in rules plus $VIGIL_HUNT_ARGS, JSONL output) over a tiled file of about GB
#      gigabytes with -Xmx512m, its time and peak resident memory.
# Prints name: value lines, ratios last.
#
# usage: tools/bench-evtx.sh [RECORDS] [--hunt GB]      (default 1000000 records; run from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."

records=1000000
hunt_gb=""
while [ $# -gt 0 ]; do
    case "$1" in
        --hunt) hunt_gb="$2"; shift 2 ;;
        *) records="$1"; shift ;;
    esac
done
shared="${VIGIL_SHARED_DATA:-../shared/data}"
command -v evtxexport >/dev/null || { echo "evtxexport not found: apt-get install libevtx-utils" >&2; exit 2; }
mvn -q -B -ntp -Dstyle.color=never test-compile >&2
cp="target/classes:target/test-classes:$(ls ~/.m2/repository/com/fasterxml/jackson/core/jackson-core/*/jackson-core-*.jar | head -1)"
mkdir -p target/bench
file="target/bench/tiled-$records.evtx"
[ -f "$file" ] || java -cp "$cp" dev.vigil.bench.EvtxTiler "$file" "$records" "$shared/evtx" >&2
cat "$file" > /dev/null   # into the page cache, for both readers alike

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
echo "file: $file ($(stat -L -c %s "$file") bytes)"
times=$(mktemp)
/usr/bin/time -o "$times" -f "%e %U %S" taskset -c 0 evtxexport "$file" > /dev/null 2>&1
read -r wall user sys < "$times"
exported=$(evtxinfo "$file" | awk -F: '/Number of records/ {gsub(/[ \t]/, "", $2); print $2}')
echo "evtxexport_records: $exported"
echo "evtxexport_seconds: $wall"
echo "evtxexport_cpu_seconds: $(echo "$user $sys" | awk '{printf "%.2f", $1 + $2}')"
evtxexport_rate=$(echo "$exported $wall" | awk '{printf "%.0f", $1 / $2}')
echo "evtxexport_records_per_second: $evtxexport_rate"

one=$(taskset -c 0 java -Xmx512m -cp "$cp" dev.vigil.bench.EvtxReadBench "$file" 1 5)
echo "$one" | sed 's/^vigil_/vigil_1core_/'
all=$(java -Xmx512m -cp "$cp" dev.vigil.bench.EvtxReadBench "$file" "$(nproc)" 5)
echo "$all" | sed "s/^vigil_/vigil_allcores_/"
one_rate=$(echo "$one" | awk -F': ' '/records_per_second/ {print $2}')
all_rate=$(echo "$all" | awk -F': ' '/records_per_second/ {print $2}')

if [ -n "$hunt_gb" ]; then
    huge="target/bench/tiled-${hunt_gb}g.evtx"
    [ -f "$huge" ] || java -cp "$cp" dev.vigil.bench.EvtxTiler "$huge" "$(echo "$hunt_gb" | awk '{printf "%d", $1 * 1e9 / 1680}')" "$shared/evtx" >&2
    ./vigil --version > /dev/null
    cat "$huge" > /dev/null
    # shellcheck disable=SC2086  # VIGIL_HUNT_ARGS holds several arguments, e.g. --rules PATH --placeholders FILE
    /usr/bin/time -o "$times" -f "%e %M" java -Xmx512m -jar target/vigil.jar hunt "$huge" ${VIGIL_HUNT_ARGS:-} --format jsonl -o target/bench/hunt.jsonl -q
    read -r hwall hrss < "$times"
    echo "hunt_file_bytes: $(stat -L -c %s "$huge")"
    echo "hunt_heap: -Xmx512m"
    echo "hunt_seconds: $hwall"
    echo "hunt_peak_rss_mib: $((hrss / 1024))"
    echo "hunt_detections: $(wc -l < target/bench/hunt.jsonl)"
fi

echo "ratio_vigil_1core_vs_evtxexport: $(echo "$one_rate $evtxexport_rate" | awk '{printf "%.1f", $1 / $2}')"
echo "ratio_vigil_allcores_vs_1core: $(echo "$all_rate $one_rate" | awk '{printf "%.2f", $1 / $2}')"
