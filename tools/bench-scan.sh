#!/usr/bin/env bash
# Issue 6, acceptance point 4 at full size: generates a planted and a clean tree of FILES files (default 100,000)
# with the test tree generator, runs `./vigil scan` on each (with the planted hash list and the cut-off
# 2025-07-01), checks that the planted tree gives exactly the planted findings and the clean one none, and prints
# the files per second (best of RUNS runs, default 3, each run timed end to end including JVM start).
# The trees are kept in target/bench/scan-tree-* for further runs (delete them to regenerate).
#
# usage: tools/bench-scan.sh [FILES] [RUNS]         (from the repository root; THREADS=1 to compare one thread)
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/bench-common.sh
files="${1:-100000}"
runs="${2:-3}"
threads="${THREADS:-$(nproc)}"
classpath="$(tools/test-classpath.sh)"
./vigil --version > /dev/null   # builds the jar when sources changed, outside the timing
mkdir -p target/bench
machine_line
for kind in plant clean; do
    tree="target/bench/scan-tree-$kind-$files"
    if [ ! -d "$tree" ]; then
        start=$(date +%s.%N)
        java -cp "$classpath" dev.vigil.scan.ScanTreeGenerator "$tree" "$files" "$kind" > /dev/null
        echo "${kind}_generate_seconds: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')"
    fi
    echo "${kind}_tree_mib: $(du -sm "$tree" | cut -f1)"
    best=""
    for run in $(seq "$runs"); do
        log="target/bench/scan-$kind.log"
        out="target/bench/scan-$kind.jsonl"
        status=0
        start=$(date +%s.%N)
        ./vigil scan "$tree" --hashes "target/bench/scan-tree-plant-$files.hashes" --changed-since 2025-07-01 \
            --threads "$threads" --format jsonl -o "$out" 2> "$log" || status=$?
        wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}')
        [ "$status" -eq 0 ] || { cat "$log" >&2; echo "vigil scan failed ($status)" >&2; exit 1; }
        rate=$(awk -v f="$files" -v w="$wall" 'BEGIN {printf "%.0f", f / w}')
        inner=$(sed -n 's/.*: \([0-9,]*\) files\/s$/\1/p' "$log" | tr -d ,)
        echo "${kind}_run${run}: ${wall} s end to end, ${rate} files/s; sweep alone ${inner} files/s; $(sed -n 's/^\([0-9]* findings.*\)/\1/p' "$log")"
        if [ -z "$best" ] || awk -v a="$rate" -v b="$best" 'BEGIN {exit !(a > b)}'; then best="$rate"; fi
    done
    echo "${kind}_best_files_per_second: $best (threads: $threads)"
    # the findings against what was planted: path relative to the tree, then the sorted indicator ids
    python3 - "$tree" "$out" "$tree.expected" "$kind" <<'PY'
import json, sys, os
tree, out, expected_file, kind = sys.argv[1:]
found = {}
for line in open(out, encoding="utf-8"):
    record = json.loads(line)
    path = os.path.relpath(record["source_file"], tree)
    found.setdefault(path, set()).add(record["rule_id"])
expected = {}
if kind == "plant":
    for line in open(expected_file, encoding="utf-8"):
        path, ids = line.rstrip("\n").split("\t")
        expected[path] = set(ids.split(","))
missing = {p: sorted(i - found.get(p, set())) for p, i in expected.items() if i - found.get(p, set())}
extra = {p: sorted(i - expected.get(p, set())) for p, i in found.items() if i - expected.get(p, set())}
print(f"{kind}_check: {sum(len(i) for i in found.values())} findings on {len(found)} files; "
      f"{len(expected)} planted files; missing {missing or 'none'}; unexpected {extra or 'none'}")
sys.exit(1 if missing or extra else 0)
PY
done
