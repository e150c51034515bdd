/**
 * IIS W3C extended logs: header-driven columns, values kept as logged.
 *
 * <p>Imports: {@code dev.vigil.ingest}, {@code dev.vigil.event}, the JDK.
 */
package dev.vigil.ingest.w3c;
