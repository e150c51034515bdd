/**
 * SharePoint ULS trace logs: tab-separated, header-driven columns, continuation lines joined into one event.
 *
 * <p>Imports: {@code dev.vigil.ingest}, {@code dev.vigil.event}, the JDK.
 */
package dev.vigil.ingest.uls;
