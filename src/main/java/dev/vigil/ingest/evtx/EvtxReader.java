package dev.vigil.ingest.evtx;

import dev.vigil.event.Event;
import dev.vigil.event.Origin;
import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputProblem;
import dev.vigil.ingest.ProblemListener;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

import static java.util.Objects.requireNonNull;

/**
 * Reads the records of an EVTX file, or of a range of its chunks, one at a time.
 *
 * <p>Damage is reported and skipped: a chunk whose signature, checksums or offsets are wrong is skipped whole, a
 * record that does not parse is skipped alone, and a record whose size is unusable ends its chunk. Every problem
 * names the file, the chunk and the record. With carving on, records are also recovered from the slack space
 * after a chunk's last record and from chunks that fail their checks.
 */
public final class EvtxReader implements EventReader {
    static final String FORMAT = "evtx";
    private static final int RECORD_MAGIC = 0x00002a2a;
    private static final int RECORD_OVERHEAD = 28;

    /** Where the chunks come from: a stream read in order, or a range of a file. */
    interface ChunkSource extends Closeable {
        /** Fills {@code buffer} with the next chunk; the bytes read (fewer only at the end of the file), or -1. */
        int next(byte[] buffer) throws IOException;
    }

    private final String source;
    private final ChunkSource chunks;
    private final ProblemListener problems;
    private final boolean carve;
    private final FileHeader header;
    /** Chunks the (valid) file header lists, or -1 when unknown. */
    private final long listedChunks;
    private long nextChunkIndex;

    private Chunk chunk;
    private int offset;
    private int end;
    private boolean carving;

    private boolean chunksPastHeader;
    private long chunksRead;
    private long recordsRead;
    private long recordsCarved;

    private EvtxReader(String source, ChunkSource chunks, long firstChunk, FileHeader header, long listedChunks,
                       boolean carve, ProblemListener problems) {
        this.source = requireNonNull(source, "source is null");
        this.chunks = chunks;
        this.nextChunkIndex = firstChunk;
        this.header = header;
        this.listedChunks = listedChunks;
        this.carve = carve;
        this.problems = requireNonNull(problems, "problems is null");
    }

    /** Reads a whole file from a stream: the header, then every chunk in order. */
    public static EvtxReader open(InputStream input, String source, boolean carve, ProblemListener problems)
            throws IOException {
        byte[] headerBytes = new byte[FileHeader.SIZE];
        int length = input.readNBytes(headerBytes, 0, headerBytes.length);
        FileHeader header = FileHeader.parse(headerBytes, length);
        report(problems, source, header, length);
        // A header shorter than 4096 bytes means the stream has ended: the first chunk read finds nothing.
        ChunkSource chunks = new ChunkSource() {
            @Override
            public int next(byte[] buffer) throws IOException {
                int read = input.readNBytes(buffer, 0, Chunk.SIZE);
                return read == 0 ? -1 : read;
            }

            @Override
            public void close() throws IOException {
                input.close();
            }
        };
        return new EvtxReader(source, chunks, 0, header, listed(header), carve, problems);
    }

    /**
     * Reads chunks of a file whose header the caller has already checked ({@link EvtxFile}); {@code listedChunks}
     * is how many chunks that header lists (-1 when it cannot be trusted).
     */
    static EvtxReader ofChunks(String source, ChunkSource chunks, long firstChunk, long listedChunks, boolean carve,
                               ProblemListener problems) {
        return new EvtxReader(source, chunks, firstChunk, null, listedChunks, carve, problems);
    }

    static long listed(FileHeader header) {
        return header.signature() && header.checksum() ? header.chunkCount() : -1;
    }

    static void report(ProblemListener problems, String source, FileHeader header, int length) {
        if (length < FileHeader.SIZE) {
            problems.problem(new InputProblem(source, 0, "file ends after " + length
                    + " bytes, inside the 4096-byte EVTX file header: no records"));
        } else if (!header.signature()) {
            problems.problem(new InputProblem(source, 0, "no EVTX file signature (ElfFile); reading its chunks anyway"));
        } else if (!header.checksum()) {
            problems.problem(new InputProblem(source, 0, "file header checksum does not match; header ignored, "
                    + "every chunk present is read"));
        }
    }

    @Override
    public Event next() throws IOException {
        EvtxRecord record = nextRecord();
        return record == null ? null : record.event();
    }

    /** The next record, or {@code null} at the end. */
    public EvtxRecord nextRecord() throws IOException {
        while (true) {
            if (chunk == null && !nextChunk()) {
                finish();
                return null;
            }
            EvtxRecord record = carving ? carveNext() : readNext();
            if (record != null) {
                return record;
            }
            if (!carving && carve) {
                carving = true;
                offset = chunk.state == Chunk.State.VALID ? chunk.freeSpace : Chunk.HEADER_SIZE;
                continue;
            }
            chunk = null;
        }
    }

    private boolean nextChunk() throws IOException {
        while (true) {
            byte[] data = new byte[Chunk.SIZE];
            int read = chunks.next(data);
            if (read < 0) {
                return false;
            }
            long index = nextChunkIndex++;
            chunksRead++;
            Chunk candidate = new Chunk(data, index, read);
            carving = false;
            if (header != null && index >= header.chunkCount() && candidate.state != Chunk.State.EMPTY
                    && candidate.state != Chunk.State.BAD_MAGIC) {
                chunksPastHeader = true;
            }
            if (candidate.state == Chunk.State.VALID) {
                if (read < Chunk.SIZE) {
                    problem(candidate, 0, "file ends inside this chunk (" + read + " of 65536 bytes); "
                            + "its records are all present");
                }
                chunk = candidate;
                offset = Chunk.HEADER_SIZE;
                end = candidate.freeSpace;
                return true;
            }
            if (candidate.state == Chunk.State.EMPTY && index >= listedChunks) {
                continue;
            }
            problem(candidate, 0, candidate.state.description + (carve ? "; recovering what records it can"
                    : "; its records are skipped (--carve recovers what it can)"));
            if (carve) {
                chunk = candidate;
                carving = true;
                offset = Chunk.HEADER_SIZE;
                end = Chunk.SIZE;
                return true;
            }
        }
    }

    /** The next record of a valid chunk, in order; {@code null} after the last. */
    private EvtxRecord readNext() {
        while (offset + RECORD_OVERHEAD <= end) {
            byte[] data = chunk.data;
            int at = offset;
            if (Bytes.i32(data, at) != RECORD_MAGIC) {
                problem(chunk, 0, "no record signature at offset 0x" + Integer.toHexString(at)
                        + "; the rest of the chunk is skipped");
                offset = end;
                return null;
            }
            int size = Bytes.i32(data, at + 4);
            long id = Bytes.i64(data, at + 8);
            if (size < RECORD_OVERHEAD || size > end - at || Bytes.i32(data, at + size - 4) != size) {
                problem(chunk, id, "record size " + Integer.toUnsignedString(size) + " at offset 0x"
                        + Integer.toHexString(at) + " is not consistent; the rest of the chunk is skipped");
                offset = end;
                return null;
            }
            offset = at + size;
            EvtxRecord record = parse(at, size, id, false);
            if (record != null) {
                return record;
            }
        }
        return null;
    }

    /** Scans for records from {@code offset} to the end of the chunk, keeping those that parse. */
    private EvtxRecord carveNext() {
        byte[] data = chunk.data;
        while (offset + RECORD_OVERHEAD <= Chunk.SIZE) {
            int at = offset;
            if (Bytes.i32(data, at) != RECORD_MAGIC) {
                offset += 8;
                continue;
            }
            int size = Bytes.i32(data, at + 4);
            if (size < RECORD_OVERHEAD || size > Chunk.SIZE - at || Bytes.i32(data, at + size - 4) != size) {
                offset += 8;
                continue;
            }
            EvtxRecord record = parseQuietly(at, size);
            if (record != null) {
                offset = at + size;
                recordsCarved++;
                return record;
            }
            offset += 8;
        }
        return null;
    }

    private EvtxRecord parse(int at, int size, long id, boolean carved) {
        try {
            return build(at, size, id, carved);
        } catch (Malformed malformed) {
            problem(chunk, id, "record at offset 0x" + Integer.toHexString(at) + " skipped: " + malformed.getMessage());
            return null;
        }
    }

    private EvtxRecord parseQuietly(int at, int size) {
        try {
            return build(at, size, Bytes.i64(chunk.data, at + 8), true);
        } catch (Malformed malformed) {
            return null;
        }
    }

    private EvtxRecord build(int at, int size, long id, boolean carved) {
        byte[] data = chunk.data;
        long written = Bytes.i64(data, at + 16);
        BinXmlParser.Fragment fragment = new BinXmlParser(chunk, at + 24, at + size - 4).fragment(0);
        Origin origin = new Origin(source, FORMAT, id);
        EvtxEvent event = null;
        Template template = fragment.template();
        if (template != null && !fragment.values().nested) {
            Layout layout = template.layout();
            if (layout != null) {
                event = new EvtxEvent(data, layout, new Values[] {fragment.values()}, origin, written);
            }
        } else if (template != null) {
            Nesting nesting = Nesting.of(chunk, template, fragment.values());
            Layout layout = nesting == null ? null : template.layout(nesting);
            if (layout != null) {
                event = new EvtxEvent(data, layout, nesting.tables.toArray(new Values[0]), origin, written);
            }
        }
        if (event == null) {
            XmlNode.Element tree = new Binder(chunk).bind(fragment, 0);
            event = new EvtxEvent(data, Layout.ofBound(tree, data), new Values[] {Values.NONE}, origin, written);
        }
        recordsRead++;
        return new EvtxRecord(chunk, at, id, written, fragment, event, carved);
    }

    private void finish() {
        if (header == null || !header.signature() || !header.checksum()) {
            return;
        }
        if (chunksPastHeader) {
            reportOutOfDate(problems, source, header);
            chunksPastHeader = false;
        }
        if (chunksRead < header.chunkCount()) {
            reportTruncated(problems, source, header, chunksRead);
            chunksRead = header.chunkCount();
        }
    }

    static void reportTruncated(ProblemListener problems, String source, FileHeader header, long present) {
        problems.problem(new InputProblem(source, 0, "file is truncated: its header lists " + header.chunkCount()
                + " chunks but only " + present + " are present"));
    }

    static void reportOutOfDate(ProblemListener problems, String source, FileHeader header) {
        problems.problem(new InputProblem(source, 0, "file header is out of date (the file was not closed cleanly, "
                + "as when copied from a running system): it lists " + header.chunkCount()
                + " chunks but more hold records; all were read"));
    }

    private void problem(Chunk where, long record, String message) {
        String place = record > 0 ? "chunk " + where.index + ", record " + record + ": " : "chunk " + where.index + ": ";
        problems.problem(new InputProblem(source, 0, place + message));
    }

    /** Records read so far, carved ones included. */
    public long recordsRead() {
        return recordsRead;
    }

    /** Records recovered by carving so far. */
    public long recordsCarved() {
        return recordsCarved;
    }

    @Override
    public void close() throws IOException {
        chunks.close();
    }
}
