/**
 * Syslog files: RFC 5424, RFC 3164 with or without PRI, and rsyslog's ISO-8601 variant.
 *
 * <p>Imports: {@code dev.vigil.ingest}, {@code dev.vigil.event}, the JDK.
 */
package dev.vigil.ingest.syslog;
