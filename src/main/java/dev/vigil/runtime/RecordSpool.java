package dev.vigil.runtime;

import dev.vigil.ingest.source.RecordSink;
import dev.vigil.ingest.source.SourceRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The write-ahead spool of records received over the network (syslog, HTTP): the receivers append records here, the
 * watch loop processes them from here in spool order, and the checkpoint records the spool position up to which they
 * were processed, so that after a crash the records received but not yet checkpointed are processed again — once.
 *
 * <p>On disk: a folder of segment files, each named by the spool position it starts at (19 decimal digits,
 * {@code .seg}). A segment starts with the 8 bytes {@code VGSPOOL1}; then records, each {@code LENGTH CRC32 PAYLOAD}
 * (4-byte big-endian length and CRC-32 of the payload), the payload being the source name (2-byte length, UTF-8), the
 * format (1-byte length, 255 for none, ASCII) and the record's bytes. A position is a byte offset in the spool as if
 * its segments were one file; a record's position is the one just after it, so positions go on increasing across
 * restarts and name a record for good (alert ids use them). A new segment starts when the current one is over
 * {@code segmentBytes} (a quarter of the bound, 64 KiB to 16 MiB) or when a checkpoint covers all that was written
 * and the segment holds half the bound;
 * segments wholly before the checkpointed position are deleted ({@link #release}).
 *
 * <p>Durability: {@link #offer} (TCP, UDP) appends without waiting; {@link #offerAll} (an HTTP batch) appends the batch
 * and returns only when it is on disk, so the 202 follows the fsync. {@link #poll} first makes everything appended
 * durable (one fsync for all that came since the last: group commit), then hands on only durable records: nothing
 * is processed (and no alert made) from a record a crash could lose. On open, a torn tail of the last segment (a
 * record cut short or failing its CRC: never made durable, never answered) is cut off; a bad record anywhere else
 * stops the start with an error naming the segment and offset.
 *
 * <p>Bound: when the segments on disk hold {@code maxBytes} or more, {@link #hasRoom()} is false and offers are
 * refused (HTTP answers 429, TCP stops reading, UDP drops and counts).
 */
public final class RecordSpool implements RecordSink, AutoCloseable {
    static final String FOLDER = "spool";
    private static final byte[] MAGIC = "VGSPOOL1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = MAGIC.length;
    /** The largest payload a record may have (an HTTP line is at most the body limit, 10 MiB by default). */
    static final int MAX_PAYLOAD = 64 << 20;
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    static final long SEGMENT_BYTES = 16L << 20;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    /** Segment start position → file; guarded by {@code this}. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final Object syncLock = new Object();
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    private FileChannel writer;
    /** The failed write that left the current segment torn (null: none); every offer is refused after it. */
    private IOException broken;
    private long writerStart;
    private long written;
    private volatile long durable;
    /** Processed up to here (written by the poll thread only). */
    private volatile long read;
    private FileChannel reader;
    private long readerStart = -1;
    private long cutBytes;

    private RecordSpool(Path dir, long maxBytes, long segmentBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
    }

    /** Opens the spool in {@code dir}, resuming after {@code checkpointed} (the position the checkpoint holds). */
    public static RecordSpool open(Path dir, long maxBytes, long checkpointed) throws IOException {
        // segments of a quarter of the bound (64 KiB to 16 MiB), so that a checkpoint frees room well before it is full
        return open(dir, maxBytes, Math.max(64 << 10, Math.min(SEGMENT_BYTES, maxBytes / 4)), checkpointed);
    }

    static RecordSpool open(Path dir, long maxBytes, long segmentBytes, long checkpointed) throws IOException {
        RecordSpool spool = new RecordSpool(dir, maxBytes, segmentBytes);
        spool.load(checkpointed);
        return spool;
    }

    private void load(long checkpointed) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.seg")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring(0, name.length() - 4);
                if (digits.length() == 19 && digits.chars().allMatch(Character::isDigit)) {
                    segments.put(Long.parseLong(digits), file);
                }
            }
        }
        // Segments wholly before the checkpoint were processed: delete them (a crash may have come before release).
        while (segments.size() > 1 && segments.higherKey(segments.firstKey()) <= checkpointed) {
            Files.delete(segments.pollFirstEntry().getValue());
        }
        if (!segments.isEmpty()) {
            Map.Entry<Long, Path> last = segments.lastEntry();
            long end = last.getKey() + validLength(last.getValue());
            if (end < checkpointed) {
                // The spool is behind the checkpoint (its files were removed): start afresh after the checkpoint.
                for (Path file : segments.values()) {
                    Files.delete(file);
                }
                segments.clear();
            } else {
                writerStart = last.getKey();
                writer = FileChannel.open(last.getValue(), StandardOpenOption.WRITE);
                written = end;
                writer.position(end - writerStart);
            }
        }
        if (writer == null) {
            startSegment(checkpointed);
        }
        durable = written;
        read = Math.max(checkpointed, segments.firstKey());
    }

    /**
     * The length of the valid part of the last segment: its header and every whole record with a good CRC. What
     * follows (a torn append) is cut off: it was never made durable, so never answered or processed.
     */
    private long validLength(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            channel.read(header, 0);
            if (size < HEADER) {
                writeHeader(channel); // created, then killed before its header was forced
                return HEADER;
            }
            if (!java.util.Arrays.equals(header.array(), MAGIC)) {
                throw new Checkpoint.CorruptException(file + ": not a vigil spool segment");
            }
            long offset = HEADER;
            while (offset < size) {
                int length = recordLength(channel, offset, size);
                if (length < 0) {
                    break;
                }
                offset += 8 + length;
            }
            if (offset < size) {
                cutBytes += size - offset;
                channel.truncate(offset);
                channel.force(true);
            }
            return offset;
        }
    }

    /** The payload length of the good record at {@code offset}, or -1 when there is none (cut short, bad CRC). */
    private static int recordLength(FileChannel channel, long offset, long size) throws IOException {
        if (size - offset < 8) {
            return -1;
        }
        ByteBuffer head = ByteBuffer.allocate(8);
        channel.read(head, offset);
        int length = head.getInt(0);
        if (length < 0 || length > MAX_PAYLOAD || size - offset - 8 < length) {
            return -1;
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        channel.read(payload, offset + 8);
        CRC32 crc = new CRC32();
        crc.update(payload.array());
        return (int) crc.getValue() == head.getInt(4) ? length : -1;
    }

    private void writeHeader(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(MAGIC), 0);
        channel.force(true);
    }

    /** Starts a new segment at {@code start} (called with the lock held, or during open). */
    private void startSegment(long start) throws IOException {
        Path file = dir.resolve(String.format(java.util.Locale.ROOT, "%019d.seg", start));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        writeHeader(channel);
        Checkpoint.syncFolder(dir);
        if (writer != null) {
            writer.force(false); // what the old segment holds is durable before records go to the new one
            writer.close();
        }
        writer = channel;
        writer.position(HEADER);
        writerStart = start;
        written = start + HEADER;
        segments.put(start, file);
    }

    /** Bytes lost at open: a torn last append cut off (never acknowledged). */
    public long cutBytes() {
        return cutBytes;
    }

    /** Whether the spool is under its bound: offers are refused when not (the watch-ops back-pressure hook). */
    public synchronized boolean hasRoom() {
        return written - segments.firstKey() < maxBytes;
    }

    /** Records refused for want of room (the receivers then answer 429, stop reading, or drop and count). */
    public long refused() {
        return refused.get();
    }

    /** The bound: bytes on disk in the segments. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Bytes of records received but not yet handed to the pipeline. */
    public synchronized long pending() {
        return written - Math.max(read, segments.firstKey());
    }

    /** Bytes on disk in the spool's segments. */
    public synchronized long size() {
        return written - segments.firstKey();
    }

    /** Appends the record (not yet durable: {@link #poll} syncs before processing); false when the spool is full. */
    @Override
    public synchronized boolean offer(SourceRecord record) {
        if (!hasRoom() && !drained()) {
            refused.incrementAndGet();
            return false;
        }
        appendAll(List.of(record));
        notifyAll();
        return true;
    }

    /** Whether every record written was handed on: then one over the bound is still taken, or it never could be. */
    private boolean drained() {
        return read >= written || written - writerStart <= HEADER && read >= writerStart;
    }

    /**
     * Appends the records, or none of them: a write that fails part way (a full disk) is cut back to where the
     * batch began, so that later records keep their positions and a retried batch is not taken twice. When it cannot
     * be cut back (a segment was started within the batch, or the cut itself fails), the spool refuses everything
     * from then on: a restart cuts the torn tail off.
     */
    private void appendAll(List<SourceRecord> batch) {
        if (broken != null) {
            throw new java.io.UncheckedIOException("the spool is unusable after a failed write", broken);
        }
        long before = written;
        long segment = writerStart;
        try {
            for (SourceRecord record : batch) {
                append(record);
            }
        } catch (IOException e) {
            try {
                if (writerStart != segment) {
                    throw new IOException("a segment was started within the failed batch");
                }
                writer.truncate(before - writerStart);
                writer.position(before - writerStart);
                written = before;
            } catch (IOException cut) {
                e.addSuppressed(cut);
                broken = e;
            }
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Appends the whole batch and returns when it is durable; false, with nothing taken, when it does not fit. */
    @Override
    public boolean offerAll(List<SourceRecord> batch) {
        synchronized (this) {
            long bytes = 0;
            for (SourceRecord record : batch) {
                bytes += 8 + payloadLength(record);
            }
            // A batch larger than the whole bound is taken once every record written was handed on, or it could never be.
            if (written - segments.firstKey() + bytes > maxBytes && !drained()) {
                refused.addAndGet(batch.size());
                return false;
            }
            appendAll(batch);
            notifyAll();
        }
        try {
            sync();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return true;
    }

    private static int payloadLength(SourceRecord record) {
        return 2 + record.source().getBytes(StandardCharsets.UTF_8).length + 1
                + (record.format() == null ? 0 : record.format().length()) + record.data().length;
    }

    private void append(SourceRecord record) throws IOException {
        byte[] source = record.source().getBytes(StandardCharsets.UTF_8);
        byte[] format = record.format() == null ? null : record.format().getBytes(StandardCharsets.US_ASCII);
        if (source.length > 0xffff || (format != null && format.length > 254)) {
            throw new IllegalArgumentException("source name or format too long for the spool");
        }
        int length = 2 + source.length + 1 + (format == null ? 0 : format.length) + record.data().length;
        if (length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("record of " + length + " bytes is over the spool's limit");
        }
        if (written - writerStart >= segmentBytes) {
            startSegment(written);
        }
        ByteBuffer buffer = ByteBuffer.allocate(8 + length);
        buffer.putInt(length).putInt(0).putShort((short) source.length).put(source)
                .put((byte) (format == null ? 255 : format.length));
        if (format != null) {
            buffer.put(format);
        }
        buffer.put(record.data());
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 8, length);
        buffer.putInt(4, (int) crc.getValue()).flip();
        while (buffer.hasRemaining()) {
            writer.write(buffer);
        }
        written += 8 + length;
    }

    /**
     * Makes everything appended so far durable. Callers that come while another forces wait and are then covered
     * by one more force for all of them (group commit).
     */
    public void sync() throws IOException {
        synchronized (syncLock) {
            long target;
            FileChannel channel;
            synchronized (this) {
                target = written;
                channel = writer;
            }
            if (target <= durable) {
                return;
            }
            try {
                channel.force(false);
            } catch (java.nio.channels.ClosedChannelException closed) {
                synchronized (this) {
                    if (channel == writer) { // closed, not rolled (an interrupt, or the spool closing): not durable
                        throw new IOException("spool segment closed before its records were forced", closed);
                    }
                }
                // a new segment started meanwhile; starting it forced this one, which holds everything up to target
            }
            durable = target;
        }
    }

    /** Waits up to {@code millis} for a record to be appended past what was processed. */
    public synchronized void await(long millis) throws InterruptedException {
        if (read >= written) {
            wait(millis);
        }
    }

    /**
     * Syncs, then hands at most {@code budget} durable records after the processed position to {@code sink}, in spool
     * order, each with its spool position. Returns how many.
     */
    public int poll(int budget, RecordSink sink) throws IOException {
        sync();
        long end = durable;
        int delivered = 0;
        while (delivered < budget && read < end) {
            long start;
            Path file;
            Long next;
            synchronized (this) {
                Map.Entry<Long, Path> segment = segments.floorEntry(read);
                start = segment.getKey();
                file = segment.getValue();
                next = segments.higherKey(start);
            }
            if (read < start + HEADER) {
                read = start + HEADER;
                continue;
            }
            long offset = read - start;
            long size = (next != null ? next : end) - start; // a segment's data ends where the next one begins
            if (offset >= size) {
                if (next == null) {
                    break;
                }
                read = next;
                continue;
            }
            if (readerStart != start) {
                closeReader();
                reader = FileChannel.open(file, StandardOpenOption.READ);
                readerStart = start;
            }
            int length = recordLength(reader, offset, size);
            if (length < 0) {
                throw new Checkpoint.CorruptException(file + ": offset " + offset + ": corrupt spool record");
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            reader.read(payload, offset + 8);
            SourceRecord record = decode(payload.array(), read + 8 + length, file, offset);
            read += 8 + length;
            if (!sink.offer(record)) {
                throw new IllegalStateException("the watch refused a spooled record");
            }
            delivered++;
        }
        return delivered;
    }

    /** A payload as a record; {@code position} is the spool position just after it. */
    static SourceRecord decode(byte[] payload, long position, Path file, long offset) throws Checkpoint.CorruptException {
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            byte[] source = new byte[in.getShort() & 0xffff];
            in.get(source);
            int formatLength = in.get() & 0xff;
            String format = null;
            if (formatLength != 255) {
                byte[] name = new byte[formatLength];
                in.get(name);
                format = new String(name, StandardCharsets.US_ASCII);
            }
            byte[] data = new byte[in.remaining()];
            in.get(data);
            return new SourceRecord(new String(source, StandardCharsets.UTF_8), format, data, position);
        } catch (java.nio.BufferUnderflowException e) {
            throw new Checkpoint.CorruptException(file + ": offset " + offset + ": spool record cut short inside");
        }
    }

    /** The position up to which records were handed on: what the next checkpoint records. */
    public long position() {
        return read;
    }

    /**
     * After a checkpoint at {@code checkpointed}: deletes the segments wholly before it. When it covers everything
     * written and the current segment holds half the bound (or a segment's worth), that segment is closed and deleted
     * too (a new one starts), so that the spool empties however small its bound.
     */
    public void release(long checkpointed) throws IOException {
        synchronized (this) {
            // only when the segment is big for the bound (a small bound), not to create files on every checkpoint
            if (checkpointed >= written && written - writerStart >= Math.min(segmentBytes, maxBytes / 2)) {
                startSegment(written);
            }
        }
        while (true) {
            Path file;
            synchronized (this) {
                Long second = segments.higherKey(segments.firstKey());
                if (second == null || second > checkpointed) {
                    return;
                }
                long first = segments.firstKey();
                file = segments.remove(first);
                if (readerStart == first) {
                    closeReader();
                }
            }
            Files.deleteIfExists(file);
        }
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
            readerStart = -1;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeReader();
        if (writer != null) {
            writer.force(false);
            writer.close();
            writer = null;
        }
    }
}
