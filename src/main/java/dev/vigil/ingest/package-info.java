/**
 * Readers: one {@link dev.vigil.ingest.InputFormat} per log format (one subpackage each), format detection,
 * transparent decompression, and the problems a reader met on the way ({@link dev.vigil.ingest.InputProblem}).
 *
 * <p>Imports: {@code dev.vigil.event} and the JDK (plus Jackson's streaming parser for JSON).
 */
package dev.vigil.ingest;
