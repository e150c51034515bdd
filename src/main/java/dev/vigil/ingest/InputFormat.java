package dev.vigil.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/** One log format: how to recognise it and how to read it. */
public interface InputFormat {

    /** The name users give with {@code --input-format}, and that appears as {@code source_format}. */
    String name();

    /**
     * How sure this format is that a file with this name starting with these bytes is its own, from 0 (not
     * mine) to 100 (certainly mine). {@code head} holds up to the first 64 KiB, already decompressed.
     */
    int sniff(String fileName, byte[] head, int length);

    /** Opens a reader over decompressed bytes; {@code source} names the input in events and problems. */
    EventReader open(InputStream input, String source, ProblemListener problems) throws IOException;

    /**
     * Whether the first line of a file names the columns of the lines after it (CSV with a header row): a reader
     * given one line at a time ({@code vigil watch}) must be given that line first.
     */
    default boolean firstLineNamesColumns() {
        return false;
    }

    /**
     * Opens a reader knowing when the source was last modified ({@code null} when unknown). Formats whose
     * timestamps lack a year (BSD syslog) take it from there; the others ignore it.
     */
    default EventReader open(InputStream input, String source, Instant modified, ProblemListener problems)
            throws IOException {
        return open(input, source, problems);
    }
}
