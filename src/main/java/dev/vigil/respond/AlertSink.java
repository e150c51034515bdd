package dev.vigil.respond;

import java.io.IOException;

/** Where alerts go: a webhook, syslog, a file. */
public interface AlertSink extends AutoCloseable {
    /**
     * Hands an alert over. When this returns the sink has taken responsibility for it (a spooling sink has it on
     * disk); an {@link IOException} means it did not, and the caller must not checkpoint past the alert.
     */
    void send(Alert alert) throws IOException;

    @Override
    void close() throws IOException;
}
