/**
 * CSV with a header row (RFC 4180).
 *
 * <p>Imports: {@code dev.vigil.ingest}, {@code dev.vigil.event}, the JDK.
 */
package dev.vigil.ingest.csv;
