#!/usr/bin/env bash
# JMH microbenchmarks of the matcher's pieces (src/test/java/dev/vigil/engine/*Bench.java): Aho-Corasick search,
# TextMatcher.fold, RE2/J against the literal prefilter, Detector.detect on events held in memory.
# Short runs by default (one fork, 2 warm-up and 3 measured iterations of 2 s); JMH options after the regex replace
# those defaults, e.g. tools/jmh.sh DetectorBench -f 2 -wi 5 -i 10. Prints JMH's table (throughput, operations per second, one
# operation = one command line, value or event) and writes it to target/bench/jmh.txt.
#
# usage: tools/jmh.sh [REGEX [JMH-OPTION…]]      (REGEX selects benchmarks by name; default: all of them)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="$(cd "${VIGIL_SHARED_DATA:-../shared/data}" 2>/dev/null && pwd)" \
    || { echo "jmh: shared corpus not found at ${VIGIL_SHARED_DATA:-../shared/data} (set VIGIL_SHARED_DATA)" >&2; exit 2; }
regex="${1:-dev.vigil.engine.}"
[ $# -gt 0 ] && shift
timing=(-f 1 -wi 2 -w 2s -i 3 -r 2s)
[ $# -gt 0 ] && timing=("$@")
cp="$(tools/test-classpath.sh)"
mkdir -p target/bench
exec java -cp "$cp" org.openjdk.jmh.Main "$regex" \
    "${timing[@]}" -bm thrpt -tu s \
    -jvmArgsAppend "-Xmx2g -Dvigil.shared.data=$shared" \
    -rf text -rff target/bench/jmh.txt
