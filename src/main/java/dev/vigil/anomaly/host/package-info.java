/**
 * Firsts on the host: per host, the parent→child process pairs, web-root file writes, administrative cmdlets and
 * service installs seen before, so that the first time one appears is reported with what was normal. Fed with
 * events through the engine's canonical field view ({@code Detector.inspect}); may import {@code event} and
 * {@code engine} (DESIGN.md).
 */
package dev.vigil.anomaly.host;
