package dev.vigil.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static java.util.Objects.requireNonNull;

/**
 * Makes a large EVTX file for benchmarks out of the chunks of real ones.
 *
 * <p>An EVTX chunk (64 KiB) carries its own string and template tables, so it can be copied into another file as it
 * is. The tiler takes every chunk of the sources that passes its own checks (magic, both CRCs, a sane free-space
 * offset, and a record walk that agrees with the header), in sorted path order, and writes them round-robin until the
 * requested number of records is reached. Records are renumbered from 1 so that ids keep increasing across the whole
 * file, which means rewriting each record's id and the chunk header's record numbers and ids and then both chunk
 * CRCs; the file header (clean, no flags) is written last, when the counts are known.
 *
 * <p>Only the valid source chunks are held in memory (about the size of the sources); the output is streamed one chunk
 * at a time. Usage: {@code EvtxTiler OUTPUT.evtx RECORDS SOURCE...}, where a SOURCE folder is searched for
 * {@code *.evtx}.
 */
public final class EvtxTiler {
    static final int FILE_HEADER_SIZE = 4096;
    static final int CHUNK_SIZE = 65536;
    static final int CHUNK_HEADER_SIZE = 512;
    private static final int RECORD_HEADER_SIZE = 24;
    private static final int RECORD_MINIMUM_SIZE = RECORD_HEADER_SIZE + 4;
    private static final byte[] FILE_MAGIC = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
    private static final byte[] CHUNK_MAGIC = {'E', 'l', 'f', 'C', 'h', 'n', 'k', 0};
    private static final byte[] RECORD_MAGIC = {0x2a, 0x2a, 0, 0};

    /** What one run wrote: chunks and records in the output file, and its size in bytes. */
    public record Result(long chunks, long records, long bytes) {
    }

    /** A source chunk that passed the checks, with the offsets of its records (chunk-relative). */
    private record SourceChunk(byte[] bytes, int[] recordOffsets) {
    }

    private EvtxTiler() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: EvtxTiler OUTPUT.evtx RECORDS SOURCE...");
            System.exit(2);
        }
        long records;
        try {
            records = Long.parseLong(args[1]);
        } catch (NumberFormatException e) {
            System.err.println("RECORDS is not a number: " + args[1]);
            System.exit(2);
            return;
        }
        List<Path> sources = Stream.of(args).skip(2).map(Path::of).toList();
        long started = System.nanoTime();
        try {
            Result result = tile(sources, Path.of(args[0]), records);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d chunks, %d records, %d bytes (%.1f s)%n",
                    args[0], result.chunks(), result.records(), result.bytes(), seconds);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("I/O error: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Writes {@code output} from the valid chunks of {@code sources} (EVTX files, or folders searched for
     * {@code *.evtx}), repeating them until at least {@code minRecords} records are written.
     */
    public static Result tile(List<Path> sources, Path output, long minRecords) throws IOException {
        requireNonNull(sources, "sources is null");
        requireNonNull(output, "output is null");
        if (minRecords < 1) {
            throw new IllegalArgumentException("RECORDS must be at least 1, got " + minRecords);
        }
        List<SourceChunk> chunks = new ArrayList<>();
        for (Path file : evtxFiles(sources, output)) {
            readValidChunks(file, chunks);
        }
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("no valid EVTX chunk found in " + sources);
        }

        long chunksWritten = 0;
        long nextRecordId = 1;
        byte[] chunk = new byte[CHUNK_SIZE];
        ByteBuffer chunkBuffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // Placeholder: the header needs the final counts.
            writeFully(channel, ByteBuffer.allocate(FILE_HEADER_SIZE), 0);
            long position = FILE_HEADER_SIZE;
            while (nextRecordId - 1 < minRecords) {
                SourceChunk source = chunks.get((int) (chunksWritten % chunks.size()));
                System.arraycopy(source.bytes(), 0, chunk, 0, CHUNK_SIZE);
                nextRecordId = renumber(chunkBuffer, source.recordOffsets(), nextRecordId);
                writeFully(channel, chunkBuffer.clear(), position);
                position += CHUNK_SIZE;
                chunksWritten++;
            }
            writeFully(channel, fileHeader(chunksWritten, nextRecordId), 0);
            return new Result(chunksWritten, nextRecordId - 1, position);
        }
    }

    /** The {@code *.evtx} files under the sources, sorted, without duplicates and without the output itself. */
    private static List<Path> evtxFiles(List<Path> sources, Path output) throws IOException {
        Path excluded = output.toAbsolutePath().normalize();
        TreeSet<Path> files = new TreeSet<>();
        for (Path source : sources) {
            if (!Files.exists(source)) {
                throw new IllegalArgumentException("source not found: " + source);
            }
            try (Stream<Path> walk = Files.walk(source)) {
                walk.filter(Files::isRegularFile)
                        .filter(path -> !Files.isDirectory(source) || isEvtxName(path))
                        .map(path -> path.toAbsolutePath().normalize())
                        .filter(path -> !path.equals(excluded))
                        .forEach(files::add);
            }
        }
        return List.copyOf(files);
    }

    private static boolean isEvtxName(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".evtx");
    }

    /** Adds the chunks of {@code file} that pass every check; the file header is not trusted (it may be dirty). */
    private static void readValidChunks(Path file, List<SourceChunk> into) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            for (long offset = FILE_HEADER_SIZE; offset + CHUNK_SIZE <= size; offset += CHUNK_SIZE) {
                ByteBuffer buffer = ByteBuffer.allocate(CHUNK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset + buffer.position()) < 0) {
                        break;
                    }
                }
                if (buffer.hasRemaining()) {
                    return;
                }
                int[] records = validRecordOffsets(buffer);
                if (records != null) {
                    into.add(new SourceChunk(buffer.array(), records));
                }
            }
        }
    }

    /** The chunk-relative record offsets if the chunk is intact and holds at least one record, else null. */
    private static int[] validRecordOffsets(ByteBuffer chunk) {
        if (!startsWith(chunk, 0, CHUNK_MAGIC)) {
            return null;
        }
        long freeSpace = Integer.toUnsignedLong(chunk.getInt(48));
        if (freeSpace <= CHUNK_HEADER_SIZE || freeSpace > CHUNK_SIZE) {
            return null;
        }
        if (Integer.toUnsignedLong(chunk.getInt(124)) != headerCrc(chunk)
                || Integer.toUnsignedLong(chunk.getInt(52)) != crc(chunk, CHUNK_HEADER_SIZE, (int) freeSpace)) {
            return null;
        }
        long firstNumber = chunk.getLong(8);
        long lastNumber = chunk.getLong(16);
        if (lastNumber < firstNumber || lastNumber - firstNumber >= CHUNK_SIZE / RECORD_MINIMUM_SIZE) {
            return null;
        }
        // The renumbering rewrites every record, so the record walk must agree with the header exactly.
        int expected = (int) (lastNumber - firstNumber + 1);
        int[] offsets = new int[expected];
        int offset = CHUNK_HEADER_SIZE;
        for (int index = 0; index < expected; index++) {
            if (offset + RECORD_MINIMUM_SIZE > freeSpace || !startsWith(chunk, offset, RECORD_MAGIC)) {
                return null;
            }
            long size = Integer.toUnsignedLong(chunk.getInt(offset + 4));
            if (size < RECORD_MINIMUM_SIZE || offset + size > freeSpace
                    || Integer.toUnsignedLong(chunk.getInt(offset + (int) size - 4)) != size) {
                return null;
            }
            offsets[index] = offset;
            offset += (int) size;
        }
        return offset == freeSpace ? offsets : null;
    }

    /** Gives the chunk's records the ids from {@code firstId} on, fixes its header and CRCs; returns the next id. */
    private static long renumber(ByteBuffer chunk, int[] recordOffsets, long firstId) {
        long id = firstId;
        for (int offset : recordOffsets) {
            chunk.putLong(offset + 8, id++);
        }
        long lastId = id - 1;
        chunk.putLong(8, firstId);
        chunk.putLong(16, lastId);
        chunk.putLong(24, firstId);
        chunk.putLong(32, lastId);
        int freeSpace = chunk.getInt(48);
        chunk.putInt(52, (int) crc(chunk, CHUNK_HEADER_SIZE, freeSpace));
        chunk.putInt(124, (int) headerCrc(chunk));
        return id;
    }

    private static ByteBuffer fileHeader(long chunks, long nextRecordId) {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put(0, FILE_MAGIC);
        header.putLong(8, 0);
        header.putLong(16, chunks - 1);
        header.putLong(24, nextRecordId);
        header.putInt(32, 128);
        header.putShort(36, (short) 1);
        header.putShort(38, (short) 3);
        header.putShort(40, (short) FILE_HEADER_SIZE);
        // The field is 16 bits; a tiled 2 GB file has about 32k chunks, so the cap only matters beyond 4 GB.
        header.putShort(42, (short) Math.min(chunks, 0xFFFF));
        header.putInt(120, 0);
        header.putInt(124, (int) crc(header, 0, 120));
        return header;
    }

    private static long headerCrc(ByteBuffer chunk) {
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 0, 120);
        crc.update(chunk.array(), 128, CHUNK_HEADER_SIZE - 128);
        return crc.getValue();
    }

    private static long crc(ByteBuffer buffer, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), from, to - from);
        return crc.getValue();
    }

    private static boolean startsWith(ByteBuffer buffer, int offset, byte[] magic) {
        for (int index = 0; index < magic.length; index++) {
            if (buffer.get(offset + index) != magic[index]) {
                return false;
            }
        }
        return true;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
