package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.rules.SigmaRule;

import java.time.Instant;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A rule that matched an event, with the event's time (from the reader or the shape's timestamp fields). Detections
 * of a baseline model (an anomaly, not a Sigma rule) carry a synthetic rule and an {@code explanation}: what was
 * unusual, what was normal, how far off; a Sigma rule's detection has none. A correlation's detection also carries
 * its group-by values (field name to value, in the correlation's order); every other detection has none.
 */
public record Detection(SigmaRule rule, Event event, Instant timestamp, String explanation,
                        Map<String, String> groupBy) {
    public Detection {
        requireNonNull(rule, "rule is null");
        requireNonNull(event, "event is null");
        groupBy = groupBy == null || groupBy.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groupBy));
    }

    public Detection(SigmaRule rule, Event event, Instant timestamp, String explanation) {
        this(rule, event, timestamp, explanation, Map.of());
    }

    public Detection(SigmaRule rule, Event event, Instant timestamp) {
        this(rule, event, timestamp, null);
    }
}
