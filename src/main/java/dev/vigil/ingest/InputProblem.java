package dev.vigil.ingest;

import static java.util.Objects.requireNonNull;

/**
 * Something wrong with the input that the reader skipped: which source, which line or record (0 when the
 * problem concerns the whole source), and what.
 */
public record InputProblem(String source, long line, String message) {
    public InputProblem {
        requireNonNull(source, "source is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ": " + message : source + ": " + message;
    }
}
