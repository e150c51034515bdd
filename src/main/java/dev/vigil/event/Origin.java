package dev.vigil.event;

import static java.util.Objects.requireNonNull;

/**
 * Where an event came from: the source (a file path, or {@code archive.zip!entry}), the reader format
 * that produced it, and its position (a line number for text formats, a record id for EVTX).
 */
public record Origin(String source, String format, long record) {
    public Origin {
        requireNonNull(source, "source is null");
        requireNonNull(format, "format is null");
    }
}
