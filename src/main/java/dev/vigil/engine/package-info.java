/**
 * The detector: rules compiled into matchers, events routed to the rules of their logsource, detections out.
 * Parse, validate and compile are separate stages; nothing here sees YAML.
 *
 * <p>Imports: {@code dev.vigil.event}, {@code dev.vigil.rules}, the JDK and RE2/J.
 */
package dev.vigil.engine;
