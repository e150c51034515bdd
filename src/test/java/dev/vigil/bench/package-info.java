/**
 * Benchmark programs kept with the tests, run by the scripts in {@code tools/} and never by the test suite:
 * {@link dev.vigil.bench.HuntBench} times the engine on the shared corpus; the EVTX tools use only the JDK and the
 * corpus, so they can make inputs for benchmarks of code that is still being written. The JMH microbenchmarks of
 * the matcher's pieces live beside the package-private code they measure, in {@code dev.vigil.engine}.
 */
package dev.vigil.bench;
