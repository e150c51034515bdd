package dev.vigil.ingest.source;

/** Where a live source delivers its records. Implementations must be safe to call from several source threads. */
public interface RecordSink {
    /**
     * Takes a record if there is room; {@code false} when the pipeline is full, and the source must apply
     * back-pressure (stop reading and retry, answer HTTP 429, or drop a UDP datagram and count it).
     */
    boolean offer(SourceRecord record);
}
