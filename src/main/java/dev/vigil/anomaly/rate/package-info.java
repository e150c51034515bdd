/**
 * The rate model: per-entity series of event counts and volumes (requests per client address per minute, 4xx and 5xx
 * counts, bytes), each scored online with a Random Cut Forest whose raw scores pass through an anomaly likelihood and a
 * quiet period, with bounded memory, an explanation per score and a versioned saved state; {@link
 * dev.vigil.anomaly.rate.EventRates} turns events into such series. docs/anomaly-rates.md has the measurements behind
 * the configuration.
 *
 * <p>Imports: {@code dev.vigil.event}, {@code dev.vigil.anomaly.nab} (to run itself on NAB), the JDK and
 * randomcutforest-core.
 */
package dev.vigil.anomaly.rate;
