#!/usr/bin/env bash
# Compiles the main and test code (offline, from the local Maven repository) and prints the classpath that runs the
# benchmark code of the test tree: target/classes, target/test-classes and every test-scope dependency.
# Used by tools/bench.sh, tools/jmh.sh and tools/bench-memory.sh; build output goes to target/bench/build.log.
#
# usage: tools/test-classpath.sh      (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
log=target/bench/build.log
if ! mvn -o -q -B -Dstyle.color=never test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test > "$log" 2>&1; then
    cat "$log" >&2
    echo "test-classpath: build failed (log above, also in $log); the dependencies must be in ~/.m2 for an offline build" >&2
    exit 1
fi
echo "$PWD/target/classes:$PWD/target/test-classes:$(cat target/cp.txt)"
