package dev.vigil.ingest;

import java.io.IOException;

import static java.util.Objects.requireNonNull;

/**
 * One unit of parallel reading: a whole file, or a part of a large file that its format can read on its own (a
 * range of EVTX chunks). Parts of one file, read in order, give the file's events in order.
 */
public record InputPart(String source, Opener opener) {

    /** Opens the part's reader; called on the thread that reads it. */
    @FunctionalInterface
    public interface Opener {
        EventReader open() throws IOException;
    }

    public InputPart {
        requireNonNull(source, "source is null");
        requireNonNull(opener, "opener is null");
    }

    public EventReader open() throws IOException {
        return opener.open();
    }
}
