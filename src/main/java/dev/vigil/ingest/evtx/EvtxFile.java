package dev.vigil.ingest.evtx;

import dev.vigil.ingest.EventReader;
import dev.vigil.ingest.InputPart;
import dev.vigil.ingest.ProblemListener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An EVTX file on disk, split into ranges of chunks that can be read in parallel. Chunks are self-contained
 * (each has its own names and templates), so a range reads exactly as it would in a pass over the whole file.
 */
final class EvtxFile {
    private static final byte[] CHUNK_MAGIC = "ElfChnk\0".getBytes(StandardCharsets.ISO_8859_1);

    private EvtxFile() {
    }

    /**
     * The parts of a file, in order, each of at most {@code chunksPerPart} chunks. Problems with the file header
     * are reported here, once.
     */
    static List<InputPart> split(Path file, String source, int chunksPerPart, boolean carve, ProblemListener problems)
            throws IOException {
        long chunks;
        long listed;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] headerBytes = new byte[FileHeader.SIZE];
            int length = readFully(channel, headerBytes, 0);
            FileHeader header = FileHeader.parse(headerBytes, length);
            EvtxReader.report(problems, source, header, length);
            if (length < FileHeader.SIZE) {
                return List.of();
            }
            chunks = (channel.size() - FileHeader.SIZE + Chunk.SIZE - 1) / Chunk.SIZE;
            listed = EvtxReader.listed(header);
            if (header.signature() && header.checksum()) {
                if (hasChunksPast(channel, header.chunkCount(), chunks)) {
                    EvtxReader.reportOutOfDate(problems, source, header);
                }
                if (chunks < header.chunkCount()) {
                    EvtxReader.reportTruncated(problems, source, header, chunks);
                }
            }
        }
        List<InputPart> parts = new ArrayList<>();
        for (long first = 0; first < chunks; first += chunksPerPart) {
            long start = first;
            long end = Math.min(chunks, first + chunksPerPart);
            parts.add(new InputPart(source + " (chunks " + start + "-" + (end - 1) + ")",
                    () -> open(file, source, start, end, listed, carve, problems)));
        }
        return parts;
    }

    private static boolean hasChunksPast(FileChannel channel, long listed, long present) throws IOException {
        byte[] magic = new byte[CHUNK_MAGIC.length];
        for (long index = listed; index < present; index++) {
            int read = readFully(channel, magic, FileHeader.SIZE + index * Chunk.SIZE);
            if (read == magic.length && Arrays.equals(magic, CHUNK_MAGIC)) {
                return true;
            }
        }
        return false;
    }

    /** A reader over chunks {@code [first, end)} of the file. */
    static EventReader open(Path file, String source, long first, long end, long listed, boolean carve,
                            ProblemListener problems) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        EvtxReader.ChunkSource chunks = new EvtxReader.ChunkSource() {
            private long next = first;

            @Override
            public int next(byte[] buffer) throws IOException {
                if (next >= end) {
                    return -1;
                }
                int read = readFully(channel, buffer, FileHeader.SIZE + next * Chunk.SIZE);
                next++;
                return read <= 0 ? -1 : read;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
        return EvtxReader.ofChunks(source, chunks, first, listed, carve, problems);
    }

    private static int readFully(FileChannel channel, byte[] buffer, long position) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer);
        long at = position;
        while (target.hasRemaining()) {
            int read = channel.read(target, at);
            if (read < 0) {
                break;
            }
            at += read;
        }
        return target.position();
    }
}
