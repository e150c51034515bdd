package dev.vigil.ingest.source;

import static java.util.Objects.requireNonNull;

/**
 * One record read from a live source: a line of a followed file, one syslog message, one NDJSON line of an HTTP
 * batch. {@code source} names where it came from (a path, {@code syslog-tcp:0.0.0.0:6514}, …) and is the key of its
 * checkpoint; {@code format} is the reader to parse it with ({@code json}, {@code syslog}, {@code w3c}, …), or
 * {@code null} to detect it; {@code position} is where reading resumes after this record (a byte offset in a file;
 * a sequence number elsewhere), so that a checkpoint taken after it never replays it.
 */
public record SourceRecord(String source, String format, byte[] data, long position) {
    public SourceRecord {
        requireNonNull(source, "source is null");
        requireNonNull(data, "data is null");
    }
}
