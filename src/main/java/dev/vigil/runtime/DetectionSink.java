package dev.vigil.runtime;

import dev.vigil.engine.Detection;
import dev.vigil.rules.SigmaRule;

import java.io.IOException;
import java.io.Writer;

/**
 * Where a hunt's detections go, in output order, from one thread at a time.
 *
 * <p>A sink may also let a hunt format detections on the threads that find them ({@link #formatter}): each worker
 * then writes the text of its detections with its own {@link Formatter}, and the sink receives the finished text in
 * output order through {@link #acceptFormatted}. The text must be exactly what {@link #accept} would write for the same
 * detection, so that output does not depend on where it was formatted.
 */
public interface DetectionSink extends AutoCloseable {

    void accept(Detection detection) throws IOException;

    /**
     * A formatter for one thread that writes the text of a detection to {@code out}, as {@link #accept} would write
     * it (without what the sink writes once, such as a header); {@code null} (the default) when this sink formats
     * detections itself.
     */
    default Formatter formatter(Writer out) {
        return null;
    }

    /** Writes the text a {@link #formatter} made for a detection of {@code rule}; only called when there is one. */
    default void acceptFormatted(SigmaRule rule, char[] text, int offset, int length) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take formatted detections");
    }

    @Override
    void close() throws IOException;

    /**
     * Writes detections as text, for one thread; keeps what it likes between detections (rule fields, the last event).
     *
     * <p>A hunt formats a detection while its reader is still on the detection's event, from the event as the reader
     * made it (which may hold the reader's buffers, or be an object the reader uses again for its next event), and
     * calls {@link #eventDone} before the reader goes on. Until then the detections of one event come with the same
     * event object, unchanged: a formatter may reuse what it made of it (its fields' text), and must let go of the
     * event in {@link #eventDone}.
     */
    interface Formatter {
        void format(Detection detection) throws IOException;

        /** The event of the detections formatted since the last call is no longer to be used or recognised. */
        default void eventDone() {
        }
    }
}
