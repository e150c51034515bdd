/**
 * JSON Lines and top-level JSON arrays, streamed with Jackson's parser and flattened to dotted field names.
 *
 * <p>Imports: {@code dev.vigil.ingest}, {@code dev.vigil.event}, the JDK and Jackson core.
 */
package dev.vigil.ingest.json;
