package dev.vigil.respond;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerts waiting for delivery, on disk: an append-only file of lines, {@code + ID JSON} when an alert is queued and
 * {@code - ID} when it has been delivered. A queued alert is forced to disk before {@link #add} returns; a delivered
 * mark is written at once (a killed process loses nothing it wrote) but forced only by {@link #sync} or the next
 * {@link #add}: one fsync for many marks, as a lost mark only means the alert is sent again. The ids of the last
 * {@link #REMEMBERED} delivered alerts are remembered (across compaction as {@code = ID} lines), and an alert that is
 * pending or remembered is not queued again: a watch that replays the records after its last checkpoint makes the
 * same alerts with the same ids, and they are not sent twice. Opening replays the file;
 * a last line cut short by a crash (no newline) was never acknowledged and is cut off. When delivered entries
 * outnumber the pending ones (and there are at least {@code compactAfter}), the pending ones are written to a new
 * file, forced, and renamed over the old one. Not thread-safe: the owner synchronises.
 */
final class AlertSpool implements AutoCloseable {
    /** One queued alert: its id and its JSON. */
    record Entry(String id, byte[] json) {
    }

    private final Path file;
    private final int compactAfter;
    /** Delivered ids remembered so that a replay does not queue them again: far more than one poll's alerts. */
    static final int REMEMBERED = 100_000;

    private final Map<String, byte[]> pending = new LinkedHashMap<>();
    private final java.util.LinkedHashSet<String> recent = new java.util.LinkedHashSet<>();
    private FileChannel channel;
    private int delivered;
    /** Marks written since the last force. */
    private boolean unforced;

    AlertSpool(Path file, int compactAfter) throws IOException {
        this.file = file;
        this.compactAfter = compactAfter;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent); // the state folder, on a first start
        }
        if (Files.exists(file)) {
            replay();
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (delivered >= compactAfter) {
            compact();
        }
    }

    private void replay() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            if (end == bytes.length) {
                // a torn last append: never acknowledged, cut it off
                try (FileChannel truncate = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    truncate.truncate(start);
                    truncate.force(true);
                }
                return;
            }
            lineNumber++;
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            if (line.startsWith("+ ") && line.indexOf(' ', 2) > 2) {
                int space = line.indexOf(' ', 2);
                pending.put(line.substring(2, space), line.substring(space + 1).getBytes(StandardCharsets.UTF_8));
            } else if (line.startsWith("- ") && line.length() > 2) {
                if (pending.remove(line.substring(2)) != null) {
                    delivered++;
                }
                remember(line.substring(2));
            } else if (line.startsWith("= ") && line.length() > 2) {
                remember(line.substring(2));
            } else {
                throw new IOException(file + ":" + lineNumber + ": not a spool entry (expected '+ ID JSON', '- ID' or '= ID')");
            }
            start = end + 1;
        }
    }

    private void remember(String id) {
        recent.remove(id);
        recent.add(id);
        if (recent.size() > REMEMBERED) {
            var oldest = recent.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Queues an alert; returns when it is on disk. An alert pending or recently delivered is not queued again. */
    void add(String id, byte[] json) throws IOException {
        if (id.isEmpty() || id.indexOf(' ') >= 0 || id.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an alert id has no spaces or newlines: " + id);
        }
        for (byte b : json) {
            if (b == '\n') {
                throw new IllegalArgumentException("alert JSON must be one line");
            }
        }
        if (pending.containsKey(id) || recent.contains(id)) {
            return;
        }
        write(("+ " + id + " ").getBytes(StandardCharsets.UTF_8), json);
        channel.force(false);
        unforced = false;
        pending.put(id, json);
    }

    /** Marks an alert delivered, written but not forced (see {@link #sync}); compacts the file when enough are. */
    void remove(String id) throws IOException {
        if (pending.remove(id) == null) {
            return;
        }
        write(("- " + id).getBytes(StandardCharsets.UTF_8), new byte[0]);
        unforced = true;
        remember(id);
        delivered++;
        if (delivered >= compactAfter && delivered >= pending.size()) {
            compact();
        }
    }

    /** Forces the delivered marks written since the last force to disk. */
    void sync() throws IOException {
        if (unforced) {
            channel.force(false);
            unforced = false;
        }
    }

    private void write(byte[] head, byte[] body) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(head.length + body.length + 1);
        buffer.put(head).put(body).put((byte) '\n').flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** The oldest pending alert, or {@code null}. */
    Entry first() {
        for (Map.Entry<String, byte[]> entry : pending.entrySet()) {
            return new Entry(entry.getKey(), entry.getValue());
        }
        return null;
    }

    List<String> pendingIds() {
        return new ArrayList<>(pending.keySet());
    }

    int size() {
        return pending.size();
    }

    private void compact() throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".compact");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder remembered = new StringBuilder();
            for (String id : recent) {
                remembered.append("= ").append(id).append('\n');
            }
            ByteBuffer ids = ByteBuffer.wrap(remembered.toString().getBytes(StandardCharsets.UTF_8));
            while (ids.hasRemaining()) {
                out.write(ids);
            }
            for (Map.Entry<String, byte[]> entry : pending.entrySet()) {
                byte[] head = ("+ " + entry.getKey() + " ").getBytes(StandardCharsets.UTF_8);
                ByteBuffer buffer = ByteBuffer.allocate(head.length + entry.getValue().length + 1);
                buffer.put(head).put(entry.getValue()).put((byte) '\n').flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            out.force(true);
        }
        channel.close();
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot compact the spool " + file + ": its file system has no atomic rename", e);
        }
        forceDirectory(file.toAbsolutePath().getParent());
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        delivered = 0;
        unforced = false;
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename is then as durable as the platform makes it
        }
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            channel.close();
        }
    }
}
