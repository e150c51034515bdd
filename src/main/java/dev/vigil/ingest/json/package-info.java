/**
 * JSON Lines and top-level JSON arrays, flattened to dotted field names. JSON Lines are scanned by hand over each
 * line's bytes into lazily decoded events ({@code JsonLineScanner}, {@code JsonEvent}); arrays and pretty-printed
 * objects are streamed with Jackson's parser ({@code JsonFlattener}), which is also the lines' reference in the tests.
 *
 * <p>Imports: {@code dev.vigil.ingest}, {@code dev.vigil.event}, the JDK and Jackson core.
 */
package dev.vigil.ingest.json;
