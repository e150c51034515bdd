/**
 * Request-level anomaly scoring for web requests (raw HTTP, IIS W3C): per-endpoint profiles of parameters, values,
 * headers and bodies learned from a server's own traffic, a score with an explanation for each request, and the
 * model's versioned file format.
 *
 * <p>Imports: {@code dev.vigil.anomaly}, {@code dev.vigil.event}, {@code dev.vigil.engine}, the JDK.
 */
package dev.vigil.anomaly.request;
