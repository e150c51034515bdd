package dev.vigil.ingest.source;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a receiver counts in {@link Metrics}, under the label {@code source}: records taken
 * ({@code vigil_source_records_total}), records lost and why ({@code vigil_source_dropped_total}, label
 * {@code reason}), times the sink refused and the receiver held back ({@code vigil_source_backpressure_total}), the
 * time it held back ({@code vigil_source_backpressure_seconds_total}, TCP: the sender is blocked meanwhile), HTTP
 * answers by status ({@code vigil_http_responses_total}, label {@code code}); and the receiver's sequence number,
 * the position of its records.
 */
final class ReceiverCounters {
    static final String RECORDS = "vigil_source_records_total";
    static final String DROPPED = "vigil_source_dropped_total";
    static final String BACKPRESSURE = "vigil_source_backpressure_total";
    static final String BACKPRESSURE_SECONDS = "vigil_source_backpressure_seconds_total";
    static final String HTTP_RESPONSES = "vigil_http_responses_total";

    private final Metrics metrics;
    private final String source;
    private final AtomicLong records;
    private final AtomicLong backpressure;
    private final AtomicLong sequence = new AtomicLong();

    ReceiverCounters(Metrics metrics, String source) {
        this.metrics = metrics;
        this.source = source;
        this.records = metrics.counter(RECORDS, "Records a source handed to the pipeline.", "source", source);
        this.backpressure = metrics.counter(BACKPRESSURE,
                "Times the pipeline was full and the source held back (TCP stopped reading, HTTP answered 429).", "source", source);
    }

    String source() {
        return source;
    }

    /** The next position of this receiver: positions increase with every record made, accepted or not. */
    SourceRecord record(String format, byte[] data) {
        return new SourceRecord(source, format, data, sequence.incrementAndGet());
    }

    void taken() {
        records.incrementAndGet();
    }

    void taken(int count) {
        records.addAndGet(count);
    }

    void heldBack() {
        backpressure.incrementAndGet();
    }

    /** Time spent holding a record back, waiting for room in the pipeline. */
    void heldBackFor(long nanos) {
        metrics.secondsCounter(BACKPRESSURE_SECONDS, "Time a source spent holding records back because the pipeline was full"
                + " (TCP: reading stopped, the sender blocked).", "source", source).addAndGet(nanos);
    }

    void answered(int status) {
        metrics.counter(HTTP_RESPONSES, "HTTP ingest answers by status code (429: pipeline full, retry later).",
                "source", source, "code", Integer.toString(status)).incrementAndGet();
    }

    void dropped(String reason) {
        metrics.counter(DROPPED, "Records a source lost, by reason.", "source", source, "reason", reason).incrementAndGet();
    }
}
