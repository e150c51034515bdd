package dev.vigil.ingest.source;

import java.util.List;

/** Where a live source delivers its records. Implementations must be safe to call from several source threads. */
public interface RecordSink {
    /**
     * Takes a record if there is room; {@code false} when the pipeline is full, and the source must apply
     * back-pressure (stop reading and retry, answer HTTP 429, or drop a UDP datagram and count it).
     */
    boolean offer(SourceRecord record);

    /**
     * Takes all of a batch or none of it (the HTTP endpoint answers 429 for none, and the sender retries the batch
     * whole). A sink with a bounded queue should override this to check for room for the whole batch first. This
     * default offers the records in turn: when the first is refused it returns {@code false} with nothing taken;
     * when a later one is refused it keeps offering it with a short back-off until taken, so a batch is never split
     * between taken and refused (the sender waits instead).
     */
    default boolean offerAll(List<SourceRecord> batch) throws InterruptedException {
        for (int i = 0; i < batch.size(); i++) {
            while (!offer(batch.get(i))) {
                if (i == 0) {
                    return false;
                }
                Thread.sleep(5);
            }
        }
        return true;
    }

    /** This sink, with every record's format set to {@code format} (null: the records keep theirs). */
    default RecordSink withFormat(String format) {
        if (format == null) {
            return this;
        }
        RecordSink target = this;
        return new RecordSink() {
            @Override
            public boolean offer(SourceRecord record) {
                return target.offer(reformat(record));
            }

            @Override
            public boolean offerAll(List<SourceRecord> batch) throws InterruptedException {
                return target.offerAll(batch.stream().map(this::reformat).toList());
            }

            private SourceRecord reformat(SourceRecord record) {
                return new SourceRecord(record.source(), format, record.data(), record.position());
            }
        };
    }
}
