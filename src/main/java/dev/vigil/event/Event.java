package dev.vigil.event;

import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * One record from a log: named fields, an optional timestamp, where it came from, and the raw text when the
 * format has one line per record.
 *
 * <p>Field names are the source's own (flattened with dots for nested JSON); mapping them to Sigma's names is
 * the engine's job, driven by the logsource mapping data. Implementations may decode fields lazily.
 */
public interface Event {

    /** The value of the field with exactly this name, or {@code null} when the event has no such field. */
    Value get(String name);

    /** Visits every field in source order. */
    void forEachField(BiConsumer<String, Value> visitor);

    /** When the event happened, in UTC, or {@code null} when the reader could not tell. */
    Instant timestamp();

    Origin origin();

    /** The record's text as read (a log line), or {@code null} for formats without one. */
    String rawText();
}
