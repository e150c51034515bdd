#!/usr/bin/env bash
# Every comparison of BENCHMARKS.md in one run, as name: value lines, ratios last:
#   1. HuntBench (one thread, OTRF corpus): reading alone vs. hunting with every SigmaHQ rule; 10% vs. 100% of the
#      rules; the compiled detector vs. the naive reference interpreter, with reading and on events held in memory
#      (where both must report the same detections: compiled_naive_identical);
#   2. end to end, ./vigil hunt over the OTRF corpus with every SigmaHQ rule on --threads 2, JSONL written to
#      target/bench/: events/s, per core, CPU time and peak resident memory; then the same reading with the
#      one web server rule and no built-in pack (no OTRF event is routed), as the end-to-end reading-alone figure;
#   3. the EVTX reader vs. evtxexport (tools/bench-evtx.sh), skipped with a message when evtxexport is absent.
# Benchmarks run one after another, never two JVMs at once. Streaming latency (comparison 5) needs `watch`, which
# does not exist yet.
#
# usage: tools/bench.sh [--quick] [--no-evtx]
#   --quick     reduced sizes, a few minutes: HuntBench on 100,000 events (2,000 for the naive interpreter), the
#               end-to-end hunt on every 8th OTRF zip, EVTX on 100,000 records
#   --no-evtx   leave the EVTX comparison out
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tools/bench-common.sh
. tools/bench-common.sh

quick=false
evtx=true
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) quick=true ;;
        --no-evtx) evtx=false ;;
        *) echo "usage: tools/bench.sh [--quick] [--no-evtx]" >&2; exit 2 ;;
    esac
    shift
done
shared="$(shared_data)"
corpus="$shared/json/otrf-windows"
if $quick; then
    naive_events=2000; hunt_events=100000; evtx_records=100000
    mapfile -t inputs < <(find "$corpus" -name '*.zip' | sort | awk 'NR % 8 == 1')
else
    naive_events=20000; hunt_events=2147483647; evtx_records=1000000
    inputs=("$corpus")
fi
sigma_rule_arguments "$shared"
threads=2
mkdir -p target/bench
ratios=()

# Prints name: value lines as they come, keeping ratio_ lines for the end.
report() {
    local line
    while IFS= read -r line; do
        case "$line" in
            ratio_*) ratios+=("$line") ;;
            *) echo "$line" ;;
        esac
    done
}

echo "building…" >&2
cp="$(tools/test-classpath.sh)"
machine_line
echo "mode: $($quick && echo quick || echo full)"

echo "running HuntBench (one thread)…" >&2
rule_cost="$(java -Xmx3g -Dvigil.shared.data="$shared" -cp "$cp" dev.vigil.bench.HuntBench "$naive_events" "$hunt_events")"
report <<< "$rule_cost"

echo "running the end-to-end hunt (--threads $threads)…" >&2
find "${inputs[@]}" -type f -exec cat {} + > /dev/null   # into the page cache, for both runs alike
hunt="$(timed_hunt end_to_end "${inputs[@]}" "${rules[@]}" --threads "$threads" --format jsonl -o target/bench/end-to-end.jsonl)"
report <<< "$hunt"
rate="$(value end_to_end_events_per_second "$hunt")"
cpu="$(value end_to_end_cpu_seconds "$hunt")"
echo "end_to_end_threads: $threads"
echo "end_to_end_events_per_second_per_core: $(awk -v r="$rate" -v t="$threads" 'BEGIN {printf "%.0f", r / t}')"
echo "end_to_end_events_per_cpu_second: $(awk -v e="$(value end_to_end_events "$hunt")" -v c="$cpu" 'BEGIN {printf "%.0f", e / c}')"

echo "running the end-to-end reading alone (one web server rule, no built-in pack)…" >&2
# The built-in pack has Windows rules now, so it would route OTRF events; one rule of a logsource OTRF lacks keeps
# every event read and unrouted, which is reading alone.
cat > target/bench/read-only-rule.yml <<'RULE'
title: Reading-alone benchmark rule (no OTRF event has this logsource)
id: 9f3c1b0e-7d2a-4c55-b8e1-000000000001
logsource: {category: webserver}
detection:
    selection: {cs-method: BENCHMARK}
    condition: selection
level: informational
RULE
read_only="$(timed_hunt end_to_end_read_only "${inputs[@]}" --no-builtin --rules target/bench/read-only-rule.yml --threads "$threads" --format jsonl -o target/bench/end-to-end-read-only.jsonl)"
report <<< "$read_only"
read_rate="$(value end_to_end_read_only_events_per_second "$read_only")"
ratios+=("ratio_end_to_end_hunt_vs_read_only_throughput: $(awk -v h="$rate" -v r="$read_rate" 'BEGIN {printf "%.2f", h / r}')")

if ! $evtx; then
    echo "evtx: skipped (--no-evtx)"
elif ! command -v evtxexport > /dev/null; then
    echo "evtx: skipped (evtxexport not found; apt-get install libevtx-utils)"
else
    echo "running the EVTX comparison ($evtx_records records)…" >&2
    reader="$(VIGIL_SHARED_DATA="$shared" tools/bench-evtx.sh "$evtx_records" | grep -v '^machine:' | sed 's/^file:/evtx_file:/')"
    report <<< "$reader"
fi

printf '%s\n' "${ratios[@]}"
