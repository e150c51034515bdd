package dev.vigil.engine;

import dev.vigil.event.Event;
import dev.vigil.rules.SigmaRule;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A rule that matched an event, with the event's time (from the reader or the shape's timestamp fields). */
public record Detection(SigmaRule rule, Event event, Instant timestamp) {
    public Detection {
        requireNonNull(rule, "rule is null");
        requireNonNull(event, "event is null");
    }
}
