package dev.vigil.runtime;

import dev.vigil.ingest.source.Metrics;
import dev.vigil.ingest.source.RecordSink;
import dev.vigil.ingest.source.SourceRecord;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one bounded queue between the network receivers and the pipeline, and the one place that decides whether there
 * is room: receivers offer into it from their own threads; one drain thread hands the records, in order, to the
 * pipeline. When the queue holds {@code maxRecords} records or {@code maxBytes} bytes of record data, offers are
 * refused, and each receiver applies its own back-pressure (HTTP answers 429 with {@code Retry-After}, TCP stops
 * reading its socket, UDP drops the datagram and counts it). A batch is taken whole or not at all; a batch larger
 * than the bounds is taken only into an empty queue, so that it can always get in eventually.
 *
 * <p>Memory: the queue holds at most {@code maxBytes} of record data (plus about 100 bytes of bookkeeping per record),
 * whatever the offered load. Records in the queue are not yet durable: a crash loses them.
 *
 * <p>Metrics: {@code vigil_queue_records}, {@code vigil_queue_bytes} (now), {@code vigil_queue_records_max},
 * {@code vigil_queue_bytes_max} (the bounds), {@code vigil_queue_refused_total} (records refused for want of room),
 * all with the label {@code queue="ingest"}.
 */
public final class IngestQueue implements RecordSink, AutoCloseable {
    /** The bounds: records and bytes of record data. */
    public record Limits(int maxRecords, long maxBytes) {
        public static final Limits DEFAULT = new Limits(20_000, 64L * 1024 * 1024);

        public Limits {
            if (maxRecords < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("queue bounds must be positive");
            }
        }
    }

    private static final String LABEL = "queue";
    private static final String NAME = "ingest";

    private final Limits limits;
    private final RecordSink pipeline;
    private final ArrayDeque<SourceRecord> queue = new ArrayDeque<>();
    private final AtomicLong depth;
    private final AtomicLong depthBytes;
    private final AtomicLong refused;
    private final Thread drain;
    private long bytes;
    private boolean closing;
    private boolean busy;
    private RuntimeException failure;

    /** Starts the drain thread, which hands records to {@code pipeline} (whose {@code offer} must not refuse). */
    public IngestQueue(Limits limits, RecordSink pipeline, Metrics metrics) {
        this.limits = limits;
        this.pipeline = pipeline;
        this.depth = metrics.gauge("vigil_queue_records", "Records waiting in a bounded queue.", LABEL, NAME);
        this.depthBytes = metrics.gauge("vigil_queue_bytes", "Bytes of record data waiting in a bounded queue.", LABEL, NAME);
        metrics.gauge("vigil_queue_records_max", "The record bound of a queue.", LABEL, NAME).set(limits.maxRecords());
        metrics.gauge("vigil_queue_bytes_max", "The byte bound of a queue.", LABEL, NAME).set(limits.maxBytes());
        this.refused = metrics.counter("vigil_queue_refused_total",
                "Records a bounded queue refused for want of room (the source then applies back-pressure or drops).",
                LABEL, NAME);
        this.drain = new Thread(this::drain, "vigil-ingest-queue");
        drain.setDaemon(true);
        drain.start();
    }

    /** A sink into this queue that sets every record's format to {@code format} (null: keeps the receiver's). */
    public RecordSink withFormat(String format) {
        if (format == null) {
            return this;
        }
        return new RecordSink() {
            @Override
            public boolean offer(SourceRecord record) {
                return IngestQueue.this.offer(reformat(record));
            }

            @Override
            public boolean offerAll(List<SourceRecord> batch) {
                return IngestQueue.this.offerAll(batch.stream().map(this::reformat).toList());
            }

            private SourceRecord reformat(SourceRecord record) {
                return new SourceRecord(record.source(), format, record.data(), record.position());
            }
        };
    }

    @Override
    public boolean offer(SourceRecord record) {
        return offerAll(List.of(record));
    }

    /** Takes the whole batch if there is room for it, else nothing. */
    @Override
    public synchronized boolean offerAll(List<SourceRecord> batch) {
        if (closing) {
            return false;
        }
        long size = 0;
        for (SourceRecord record : batch) {
            size += record.data().length;
        }
        boolean fits = queue.size() + batch.size() <= limits.maxRecords() && bytes + size <= limits.maxBytes();
        if (!fits && !queue.isEmpty()) {
            refused.addAndGet(batch.size());
            return false;
        }
        queue.addAll(batch);
        bytes += size;
        published();
        notifyAll();
        return true;
    }

    /** Records waiting now. */
    public synchronized int size() {
        return queue.size();
    }

    /** Waits until every record offered so far was handed to the pipeline (or {@code millis} passed); true if so. */
    public synchronized boolean awaitEmpty(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while ((!queue.isEmpty() || busy) && failure == null) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return failure == null;
    }

    private void published() {
        depth.set(queue.size());
        depthBytes.set(bytes);
    }

    private void drain() {
        while (true) {
            SourceRecord next;
            synchronized (this) {
                busy = false;
                notifyAll();
                while (queue.isEmpty() && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                next = queue.poll();
                bytes -= next.data().length;
                busy = true;
                published();
            }
            try {
                while (!pipeline.offer(next)) {
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                synchronized (this) {
                    failure = e; // the pipeline broke (a full disk): refuse from now on, and tell close()
                    closing = true;
                    queue.clear();
                    bytes = 0;
                    busy = false;
                    published();
                    notifyAll();
                }
                return;
            }
        }
    }

    /**
     * Refuses new records, hands what is queued to the pipeline, and stops the drain thread. Call after the receivers
     * stopped and before the last checkpoint. Rethrows a failure of the pipeline seen by the drain thread.
     */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        drain.join();
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
