/**
 * Sigma 2.1 as data: rules, filters and correlations parsed once into records, with errors that name file,
 * line and rule; safe YAML loading; the condition grammar; modifiers; the logsource mapping configuration.
 * Nothing here matches events: that is the engine's job.
 *
 * <p>Imports: {@code dev.vigil.event}, the JDK, SnakeYAML Engine's low-level parser (in {@code yaml}) and RE2/J
 * (to validate regular expressions at load time).
 */
package dev.vigil.rules;
