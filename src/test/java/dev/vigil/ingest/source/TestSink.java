package dev.vigil.ingest.source;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bounded sink for tests: refuses when full or when closed by the test; records can be taken out in order. */
final class TestSink implements RecordSink {
    private final LinkedBlockingQueue<SourceRecord> queue;
    private volatile boolean refusing;

    TestSink(int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    void refuse(boolean refuse) {
        this.refusing = refuse;
    }

    @Override
    public boolean offer(SourceRecord record) {
        return !refusing && queue.offer(record);
    }

    @Override
    public synchronized boolean offerAll(List<SourceRecord> batch) {
        if (refusing || queue.remainingCapacity() < batch.size()) {
            return false;
        }
        batch.forEach(queue::add);
        return true;
    }

    /** The next record, waiting up to 10 s (a failing test, not a timed assertion). */
    SourceRecord take() throws InterruptedException {
        SourceRecord record = queue.poll(10, TimeUnit.SECONDS);
        if (record == null) {
            throw new AssertionError("no record arrived within 10 s");
        }
        return record;
    }

    List<String> take(int count) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(new String(take().data(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return texts;
    }

    int size() {
        return queue.size();
    }
}
