package dev.vigil.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The JSONL alert file of {@code vigil watch}: appended to, fsynced before each checkpoint, and rotated (to
 * {@code NAME.1} … {@code NAME.keep}) only right after a checkpoint, so that the checkpoint's length always refers
 * to the current file. On start the file is cut back to the length the checkpoint covers: alerts written after the
 * last checkpoint are written again by the replay, exactly once.
 */
final class AlertLog implements AutoCloseable {
    private final Path path;
    private final long maxBytes;
    private final int keep;
    private FileChannel channel;

    AlertLog(Path path, long maxBytes, int keep, long checkpointed) throws IOException {
        this.path = path;
        this.maxBytes = maxBytes;
        this.keep = keep;
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (channel.size() > checkpointed) {
            channel.truncate(checkpointed); // alerts past the checkpoint: the replay writes them again
            channel.force(true);
        }
        // A file shorter than the checkpoint says was rotated after that checkpoint was written: all of it is newer.
        channel.position(channel.size());
    }

    void append(String line) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** The length appended so far (not necessarily durable yet). */
    long size() throws IOException {
        return channel.size();
    }

    /** Makes what was appended durable; returns the length the next checkpoint covers. */
    long sync() throws IOException {
        channel.force(false);
        return channel.size();
    }

    /** After a checkpoint: starts a new file when this one reached the size bound; true when it did. */
    boolean rotateIfFull() throws IOException {
        if (maxBytes <= 0 || channel.size() < maxBytes) {
            return false;
        }
        channel.close();
        String name = path.getFileName().toString();
        Files.deleteIfExists(path.resolveSibling(name + "." + keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = path.resolveSibling(name + "." + i);
            if (Files.exists(from)) {
                Files.move(from, path.resolveSibling(name + "." + (i + 1)), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        if (keep > 0) {
            Files.move(path, path.resolveSibling(name + ".1"), StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.delete(path);
        }
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        Checkpoint.syncFolder(path.toAbsolutePath().getParent());
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.force(false);
        channel.close();
    }
}
