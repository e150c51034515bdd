package dev.vigil.runtime;

import dev.vigil.ingest.source.FilePosition;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The durable progress of {@code vigil watch}: per file source its {@link FilePosition}, the length of the JSONL
 * alert file that the positions cover, the header lines remembered per source (W3C {@code #Fields}), the
 * suppression state, the position in the network spool ({@link RecordSpool}) up to which records were processed, and
 * the correlation state (open windows and detections held for lateness; {@code state}, empty when there is none). Written to {@code checkpoint.tmp}, fsynced, atomically renamed over {@code checkpoint}, and the
 * folder fsynced; a text format, one entry a line, ended by a CRC-32 of what precedes it.
 */
public record Checkpoint(Map<String, FilePosition> positions, long alertBytes, Map<String, List<String>> headers,
                         Map<String, Long> suppressedUntil, long spool, byte[] state) {
    static final String NAME = "checkpoint";
    private static final String MAGIC = "vigil-checkpoint 1";

    public Checkpoint {
        positions = Map.copyOf(positions);
        headers = Map.copyOf(headers);
        suppressedUntil = Map.copyOf(suppressedUntil);
        state = state == null ? new byte[0] : state;
    }

    public Checkpoint(Map<String, FilePosition> positions, long alertBytes, Map<String, List<String>> headers,
                      Map<String, Long> suppressedUntil) {
        this(positions, alertBytes, headers, suppressedUntil, 0, new byte[0]);
    }

    /** A checkpoint or other state file that cannot be used; the message names the file (and line). */
    public static final class CorruptException extends IOException {
        public CorruptException(String message) {
            super(message);
        }
    }

    public static Checkpoint empty() {
        return new Checkpoint(Map.of(), 0, Map.of(), Map.of());
    }

    /** Reads the checkpoint in {@code dir}, or an empty one when there is none yet. */
    public static Checkpoint read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new CorruptException(file + ": not a vigil checkpoint (not UTF-8 text)");
        }
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC) || !lines.get(lines.size() - 1).startsWith("end ")) {
            throw new CorruptException(file + ": not a complete vigil checkpoint");
        }
        String body = String.join("\n", lines.subList(0, lines.size() - 1)) + "\n";
        if (!lines.get(lines.size() - 1).equals("end " + crc(body))) {
            throw new CorruptException(file + ": checkpoint checksum does not match");
        }
        Map<String, FilePosition> positions = new LinkedHashMap<>();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Map<String, Long> suppressed = new LinkedHashMap<>();
        long alertBytes = 0;
        long spool = 0;
        byte[] state = new byte[0];
        for (int i = 1; i < lines.size() - 1; i++) {
            String[] p = lines.get(i).split(" ");
            try {
                switch (p[0]) {
                    case "alerts" -> alertBytes = Long.parseLong(p[1]);
                    case "file" -> positions.put(decode(p[1]), new FilePosition(p[2].equals("-") ? null : decode(p[2]),
                            Long.parseLong(p[3]), Integer.parseInt(p[4]), Long.parseLong(p[5])));
                    case "header" -> headers.computeIfAbsent(decode(p[1]), k -> new ArrayList<>()).add(decode(p[2]));
                    case "suppress" -> suppressed.put(decode(p[1]), Long.parseLong(p[2]));
                    case "spool" -> spool = Long.parseLong(p[1]);
                    case "state" -> state = Base64.getUrlDecoder().decode(p[1]);
                    default -> throw new CorruptException(file + ":" + (i + 1) + ": unknown entry '" + p[0] + "'");
                }
            } catch (RuntimeException e) {
                throw new CorruptException(file + ":" + (i + 1) + ": malformed entry");
            }
        }
        return new Checkpoint(positions, alertBytes, headers, suppressed, spool, state);
    }

    /** Writes this checkpoint durably into {@code dir}: temporary file, fsync, atomic rename, fsync of the folder. */
    public void write(Path dir) throws IOException {
        write(dir, () -> { });
    }

    /** Work to do once a checkpoint is in place. */
    interface AfterRename {
        void run() throws IOException;
    }

    /**
     * As {@link #write(Path)}, running {@code afterRename} right after the rename and before the folder's fsync: the
     * checkpoint is in place for any restart of the process from then on (the fsync is for a power loss), so the
     * console's rows, written there, have the smallest gap to their checkpoint.
     */
    void write(Path dir, AfterRename afterRename) throws IOException {
        Files.createDirectories(dir);
        StringBuilder out = new StringBuilder(MAGIC).append('\n');
        out.append("alerts ").append(alertBytes).append('\n');
        positions.forEach((source, p) -> out.append("file ").append(encode(source)).append(' ')
                .append(p.fileKey() == null ? "-" : encode(p.fileKey())).append(' ').append(p.fingerprint()).append(' ')
                .append(p.fingerprintLength()).append(' ').append(p.offset()).append('\n'));
        headers.forEach((source, lines) -> lines.forEach(line ->
                out.append("header ").append(encode(source)).append(' ').append(encode(line)).append('\n')));
        suppressedUntil.forEach((key, until) -> out.append("suppress ").append(encode(key)).append(' ').append(until).append('\n'));
        if (spool != 0) {
            out.append("spool ").append(spool).append('\n');
        }
        if (state.length > 0) {
            out.append("state ").append(Base64.getUrlEncoder().withoutPadding().encodeToString(state)).append('\n');
        }
        String body = out.toString();
        byte[] bytes = (body + "end " + crc(body) + "\n").getBytes(StandardCharsets.UTF_8);
        Path tmp = dir.resolve(NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(dir + ": the file system cannot rename atomically; checkpoints need it", e);
        }
        afterRename.run();
        syncFolder(dir);
    }

    static void syncFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a folder; the rename is still atomic there.
        }
    }

    private static String crc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String text) {
        return new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    }
}
