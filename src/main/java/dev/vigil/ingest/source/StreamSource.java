package dev.vigil.ingest.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import static java.util.Objects.requireNonNull;

/**
 * Reads newline-ended records from a stream (standard input) until its end and hands them to a sink. A stream
 * cannot be re-read, so its position (bytes consumed) is reported but not resumable: a restart does not replay it.
 */
public final class StreamSource {
    private final InputStream input;
    private final String source;
    private final String format;
    private final RecordSink sink;

    public StreamSource(InputStream input, String source, String format, RecordSink sink) {
        this.input = requireNonNull(input, "input is null");
        this.source = requireNonNull(source, "source is null");
        this.format = format;
        this.sink = requireNonNull(sink, "sink is null");
    }

    /** Reads to the end of the stream; waits (back-pressure) while the sink is full. Returns the records read. */
    public long run() throws IOException, InterruptedException {
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long position = 0;
        long count = 0;
        int n;
        while ((n = input.read(buffer)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i - start);
                    offer(line.toByteArray(), position + i + 1);
                    count++;
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buffer, start, n - start);
            position += n;
            if (line.size() >= FileTail.MAX_LINE) {
                offer(line.toByteArray(), position);
                count++;
                line.reset();
            }
        }
        if (line.size() > 0) {
            offer(line.toByteArray(), position); // the end of the stream ends the last line
            count++;
        }
        return count;
    }

    private void offer(byte[] data, long position) throws InterruptedException {
        int length = data.length;
        byte[] record = length > 0 && data[length - 1] == '\r' ? java.util.Arrays.copyOf(data, length - 1) : data;
        SourceRecord sourceRecord = new SourceRecord(source, format, record, position);
        while (!sink.offer(sourceRecord)) {
            Thread.sleep(10);
        }
    }
}
