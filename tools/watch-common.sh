# Shared by tools/bench-watch.sh and tools/watch-overload.sh (sourced, not run; from the repository root): OTRF events
# as JSON lines, and a `vigil watch` started in the background with its ports read from what it prints.

# otrf_events FILE COUNT: the first COUNT events of the OTRF zips (sorted by path), one JSON object a line, into FILE.
otrf_events() {
    local file="$1" count="$2" shared zip
    shared="$(shared_data)"
    [ -s "$file" ] && [ "$(wc -l < "$file")" -ge "$count" ] && return 0
    : > "$file"
    for zip in $(find "$shared/json/otrf-windows" -name '*.zip' | sort); do
        unzip -p "$zip" | grep '^{' >> "$file" || true
        [ "$(wc -l < "$file")" -ge "$count" ] && break
    done
    head -n "$count" "$file" > "$file.tmp" && mv "$file.tmp" "$file"
}

# start_watch CONFIG LOG JAVA-OPTION…: starts `vigil watch` (the jar, built by ./vigil first) in the background and
# waits until it is watching; sets WATCH_PID, METRICS_URL and, when it listens, TCP_PORT, UDP_PORT and HTTP_PORT.
start_watch() {
    local config="$1" log="$2" i
    shift 2
    ./vigil --version > /dev/null
    ${WATCH_CPUS:+taskset -c "$WATCH_CPUS"} java "$@" -jar target/vigil.jar watch --config "$config" --poll "${WATCH_POLL_MILLIS:-200}" > /dev/null 2> "$log" &
    WATCH_PID=$!
    for i in $(seq 1 600); do
        grep -q '^watching' "$log" && break
        kill -0 "$WATCH_PID" 2> /dev/null || { cat "$log" >&2; echo "vigil watch ended before watching" >&2; exit 1; }
        sleep 0.1
    done
    grep -q '^watching' "$log" || { cat "$log" >&2; echo "vigil watch did not start" >&2; exit 1; }
    METRICS_URL="$(sed -n 's/^metrics: \(http[^ ]*\)$/\1/p' "$log")"
    TCP_PORT="$(sed -n 's/^listening: syslog-tcp:.* (port \([0-9]*\))$/\1/p' "$log")"
    UDP_PORT="$(sed -n 's/^listening: syslog-udp:.* (port \([0-9]*\))$/\1/p' "$log")"
    HTTP_PORT="$(sed -n 's/^listening: http:.* (port \([0-9]*\))$/\1/p' "$log")"
}

# stop_watch: SIGTERM, then waits for the last checkpoint.
stop_watch() {
    kill -TERM "$WATCH_PID" 2> /dev/null || true
    wait "$WATCH_PID" 2> /dev/null || true
}
