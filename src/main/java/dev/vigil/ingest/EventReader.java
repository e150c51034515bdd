package dev.vigil.ingest;

import dev.vigil.event.Event;

import java.io.Closeable;
import java.io.IOException;

/**
 * A stream of events from one source. A malformed record is reported to the reader's
 * {@link ProblemListener} and skipped; the reader then goes on with the next record.
 */
public interface EventReader extends Closeable {

    /** The next event, or {@code null} at the end of the source. */
    Event next() throws IOException;
}
