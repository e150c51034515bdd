# Shared by tools/bench.sh and tools/bench-memory.sh (sourced, not run): where the corpus is, the arguments that
# load every SigmaHQ rule, and one timed `vigil hunt`. Run from the repository root.

# The shared corpus folder, absolute; exits with a message when it is missing.
shared_data() {
    local dir="${VIGIL_SHARED_DATA:-../shared/data}"
    [ -d "$dir" ] || { echo "shared corpus not found at $dir (set VIGIL_SHARED_DATA)" >&2; exit 2; }
    (cd "$dir" && pwd)
}

# Sets the array `rules` to the hunt arguments that load every SigmaHQ rule folder, with the placeholder values the
# conformance tests use so that rules with the expand modifier run too. Exits when a folder is missing.
sigma_rule_arguments() {
    local shared="$1" folder
    rules=()
    for folder in rules rules-emerging-threats rules-threat-hunting rules-compliance rules-dfir; do
        [ -d "$shared/sigma/$folder" ] || { echo "missing rule folder $shared/sigma/$folder" >&2; exit 2; }
        rules+=(--rules "$shared/sigma/$folder")
    done
    rules+=(--placeholders "$PWD/src/test/resources/dev/vigil/conformance/placeholders.yml")
}

# The machine, as one name: value line.
machine_line() {
    echo "machine: $(nproc) cores, $(lscpu | awk -F: '/Model name/ {gsub(/^[ \t]+/, "", $2); print $2; exit}'), $(free -g | awk '/^Mem:/ {print $2}') GiB, java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
}

# timed_hunt PREFIX HUNT-ARGUMENT…: runs ./vigil hunt (JVM options from VIGIL_JAVA_OPTS, as the launcher takes them)
# under /usr/bin/time and prints PREFIX_seconds, _cpu_seconds, _peak_rss_mib, _events, _rules, _detections and
# _events_per_second. The summary the hunt writes to standard error is kept in target/bench/PREFIX.log.
timed_hunt() {
    local prefix="$1" times log status=0 wall user system rss events rules detections
    shift
    ./vigil --version > /dev/null   # builds the jar first when sources changed, outside the timing
    times="$(mktemp)"
    log="target/bench/$prefix.log"
    /usr/bin/time -o "$times" -f "%e %U %S %M" ./vigil hunt "$@" 2> "$log" || status=$?
    if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
        cat "$log" >&2
        echo "$prefix: vigil hunt failed with exit code $status (log above, also in $log)" >&2
        rm -f "$times"
        exit 1
    fi
    read -r wall user system rss < "$times"
    rm -f "$times"
    events=$(sed -n 's/^[0-9]* files, \([0-9]*\) events read.*/\1/p' "$log")
    rules=$(sed -n 's/.*, \([0-9]*\) rules running$/\1/p' "$log")
    detections=$(sed -n 's/^\([0-9]*\) detections.*/\1/p' "$log")
    [ -n "$events" ] || { cat "$log" >&2; echo "$prefix: no summary in $log" >&2; exit 1; }
    echo "${prefix}_seconds: $wall"
    echo "${prefix}_cpu_seconds: $(awk -v u="$user" -v s="$system" 'BEGIN {printf "%.2f", u + s}')"
    echo "${prefix}_peak_rss_mib: $((rss / 1024))"
    echo "${prefix}_events: $events"
    echo "${prefix}_rules: $rules"
    echo "${prefix}_detections: $detections"
    echo "${prefix}_events_per_second: $(awk -v e="$events" -v w="$wall" 'BEGIN {printf "%.0f", e / w}')"
}

# value NAME LINES: the value of the "NAME: value" line among LINES.
value() {
    printf '%s\n' "$2" | awk -F': ' -v name="$1" '$1 == name {print $2; exit}'
}
