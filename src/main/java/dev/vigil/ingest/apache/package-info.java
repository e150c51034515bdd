/**
 * Apache httpd logs: the combined/common access format (with W3C field names) and the error log.
 *
 * <p>Imports: {@code dev.vigil.ingest}, {@code dev.vigil.event}, the JDK.
 */
package dev.vigil.ingest.apache;
