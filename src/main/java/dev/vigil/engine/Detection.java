package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.rules.SigmaRule;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A rule that matched an event, with the event's time (from the reader or the shape's timestamp fields). Detections
 * of a baseline model (an anomaly, not a Sigma rule) carry a synthetic rule and an {@code explanation}: what was
 * unusual, what was normal, how far off; a Sigma rule's detection has none.
 */
public record Detection(SigmaRule rule, Event event, Instant timestamp, String explanation) {
    public Detection {
        requireNonNull(rule, "rule is null");
        requireNonNull(event, "event is null");
    }

    public Detection(SigmaRule rule, Event event, Instant timestamp) {
        this(rule, event, timestamp, null);
    }
}
