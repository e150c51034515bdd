/**
 * The event model every other package shares: an immutable {@link dev.vigil.event.Event} with field access
 * by name, its {@link dev.vigil.event.Value}s and where it came from ({@link dev.vigil.event.Origin}).
 *
 * <p>Imports: the JDK only.
 */
package dev.vigil.event;
