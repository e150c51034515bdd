#!/usr/bin/env bash
# The request model's cost (issue 7, point 4) as name: value lines: scoring speed on one thread once learned (CSIC
# 2010 validation requests, parsed and from events), and model memory after learning N requests drawn from the CSIC
# training distribution (retained heap after GC, model file size).
#
# usage: tools/bench-requests.sh [LEARNED_REQUESTS (default 1000000)] [SECONDS per speed figure (default 5)]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tools/bench-common.sh
. tools/bench-common.sh
shared="$(shared_data)"
echo "building…" >&2
cp="$(tools/test-classpath.sh)"
machine_line
java -Xmx4g -XX:+UseSerialGC -cp "$cp" dev.vigil.bench.RequestScoreBench "$shared/anomaly/csic2010" "${1:-1000000}" "${2:-5}"
