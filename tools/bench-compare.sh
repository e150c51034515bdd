#!/usr/bin/env bash
# End to end, two builds side by side in one run: `java -jar JAR hunt INPUT` with every SigmaHQ rule, --threads 2,
# JSONL to a file, over the OTRF corpus and over a tiled EVTX file, the builds taking turns for ROUNDS rounds.
# On a shared machine wall time says little; CPU seconds per event is the fairer figure, so both are printed.
#
# usage: tools/bench-compare.sh OLD.jar NEW.jar [--rounds N] [--evtx-records N] [--threads N] [--only otrf|evtx]
#   (run from the repository root; build a jar of another commit with
#    git worktree add /tmp/old COMMIT && (cd /tmp/old && mvn -q -o -DskipTests package) && cp /tmp/old/target/vigil.jar OLD.jar)
# Prints, per round, build and corpus: NAME_CORPUS_rN_{seconds,cpu_seconds,peak_rss_mib,events,detections,
# events_per_cpu_second,events_per_second_per_core}; then the median events per CPU second of each, and
# ratio_new_vs_old_CORPUS_events_per_cpu_second. The two outputs are compared byte for byte (hunt output is in file and record order).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tools/bench-common.sh
. tools/bench-common.sh

[ $# -ge 2 ] || { sed -n 2,12p "$0" >&2; exit 2; }
old="$1"; new="$2"; shift 2
rounds=2; records=1000000; threads=2; only=""
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --evtx-records) records="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
shared="$(shared_data)"
sigma_rule_arguments "$shared"
mkdir -p target/bench
corpora=()
[ "$only" = "evtx" ] || corpora+=(otrf)
if [ "$only" != "otrf" ]; then
    corpora+=(evtx)
    evtx="target/bench/tiled-$records.evtx"
    if [ ! -f "$evtx" ]; then
        mvn -q -o -B -ntp -Dstyle.color=never test-compile >&2
        cp="target/classes:target/test-classes:$(ls ~/.m2/repository/com/fasterxml/jackson/core/jackson-core/*/jackson-core-*.jar | head -1)"
        java -cp "$cp" dev.vigil.bench.EvtxTiler "$evtx" "$records" "$shared/evtx" >&2
    fi
    cat "$evtx" > /dev/null
fi

machine_line
echo "threads: $threads"
times="$(mktemp)"
declare -A rates
for round in $(seq 1 "$rounds"); do
    for corpus in "${corpora[@]}"; do
        input="$shared/json/otrf-windows"
        [ "$corpus" = "evtx" ] && input="$evtx"
        for build in old new; do
            jar="$old"; [ "$build" = "new" ] && jar="$new"
            out="target/bench/compare-$build-$corpus.jsonl"
            log="target/bench/compare-$build-$corpus.log"
            prefix="${build}_${corpus}_r$round"
            /usr/bin/time -o "$times" -f "%e %U %S %M" java ${VIGIL_JAVA_OPTS:--Xmx2g} -jar "$jar" hunt "$input" \
                "${rules[@]}" --threads "$threads" --format jsonl -o "$out" 2> "$log" || [ $? -eq 3 ] || { cat "$log" >&2; exit 1; }
            read -r wall user system rss < "$times"
            events=$(sed -n 's/^[0-9]* files, \([0-9]*\) events read.*/\1/p' "$log")
            cpu=$(awk -v u="$user" -v s="$system" 'BEGIN {printf "%.2f", u + s}')
            rate=$(awk -v e="$events" -v c="$cpu" 'BEGIN {printf "%.0f", e / c}')
            rates[$build-$corpus]="${rates[$build-$corpus]:-} $rate"
            echo "${prefix}_seconds: $wall"
            echo "${prefix}_cpu_seconds: $cpu"
            echo "${prefix}_peak_rss_mib: $((rss / 1024))"
            echo "${prefix}_events: $events"
            echo "${prefix}_detections: $(wc -l < "$out")"
            echo "${prefix}_events_per_cpu_second: $rate"
            echo "${prefix}_events_per_second_per_core: $(awk -v e="$events" -v w="$wall" -v t="$threads" 'BEGIN {printf "%.0f", e / w / t}')"
            echo "${prefix}_load_average: $(cut -d' ' -f1 /proc/loadavg)"
        done
        if cmp -s "target/bench/compare-old-$corpus.jsonl" "target/bench/compare-new-$corpus.jsonl"; then
            echo "${corpus}_r${round}_identical_output: true"
        else
            echo "${corpus}_r${round}_identical_output: false"
        fi
    done
done
rm -f "$times"
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for corpus in "${corpora[@]}"; do
    o=$(echo "${rates[old-$corpus]}" | median)
    n=$(echo "${rates[new-$corpus]}" | median)
    echo "old_${corpus}_median_events_per_cpu_second: $o"
    echo "new_${corpus}_median_events_per_cpu_second: $n"
    echo "ratio_new_vs_old_${corpus}_events_per_cpu_second: $(awk -v a="$n" -v b="$o" 'BEGIN {printf "%.2f", a / b}')"
done
