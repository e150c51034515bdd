/**
 * Raw HTTP/1.x requests as captured text (the CSIC 2010 data set's form): a request line, header lines, a blank line,
 * and for a request with a body the body's lines up to the next request line.
 *
 * <p>Imports: {@code dev.vigil.ingest}, {@code dev.vigil.event}, the JDK.
 */
package dev.vigil.ingest.http;
