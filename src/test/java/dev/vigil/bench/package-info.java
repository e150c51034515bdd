/**
 * Benchmark tools kept with the tests: they use only the JDK and the shared corpus, never the engine, so they can make
 * inputs for benchmarks of code that is still being written.
 */
package dev.vigil.bench;
