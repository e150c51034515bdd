package dev.vigil.respond;

import java.io.IOException;

/** Where alerts go: a webhook, syslog, a file. */
public interface AlertSink extends AutoCloseable {
    /**
     * Hands an alert over. When this returns the sink has taken responsibility for it (a spooling sink has it on
     * disk); an {@link IOException} means it did not, and the caller must not checkpoint past the alert.
     */
    void send(Alert alert) throws IOException;

    /**
     * Whether the sink keeps alerts durably and drops an alert it already has (by id): then it may be given alerts
     * before they are checkpointed, and a replay after a crash repeats nothing. Other sinks get an alert only after
     * the checkpoint that covers it.
     */
    default boolean durable() {
        return false;
    }

    @Override
    void close() throws IOException;
}
