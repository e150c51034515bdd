/**
 * Responding to what was found: the response playbooks that alerts name, and (with the real-time issue) alerts,
 * suppression and sinks. May import {@code event}, {@code engine}, {@code correlate} and {@code anomaly}.
 */
package dev.vigil.respond;
