/**
 * Responding to what was found: the response playbooks that alerts name; {@link dev.vigil.respond.Alert} (a detection
 * with its group-by values and a stable id) and the alert sinks (a webhook with an on-disk spool, syslog out).
 * May import {@code event}, {@code engine}, {@code correlate} and {@code anomaly}.
 */
package dev.vigil.respond;
