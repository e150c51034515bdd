package dev.vigil.ingest.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

import static java.util.Objects.requireNonNull;

/**
 * Follows the files that match glob patterns as they grow, one {@link #poll()} at a time (the caller decides when:
 * a loop with a pause in {@code vigil watch}, explicit calls in tests). Complete lines only are delivered, each as a
 * {@link SourceRecord} whose position is the byte offset just after its newline; a partial last line waits for its
 * newline. Files that appear later are picked up (read from their start). Compressed files ({@code .gz}, …) are
 * ignored.
 *
 * <p>Rotation: a file is known by its file key (the inode) and a fingerprint of its first bytes.
 * <ul>
 * <li>Rename (or delete) and re-create: the path now names another file; the old one, still open, is read to its end,
 * then the new one from its start.</li>
 * <li>Truncation: the file is shorter than the position, or its first bytes changed; it is read again from its
 * start.</li>
 * <li>Copy-truncate: as truncation, but first a file in the same folder whose first bytes match and that is at least
 * as long as the position (the copy) is read from the position to its end, so that lines written between the last
 * poll and the copy are not lost.</li>
 * </ul>
 * On a restart from {@link FilePosition}s, the file a position names is looked for by key (then by fingerprint) in
 * the folder if the path now names another file, and read to its end first. When the path names no file (renamed
 * away, not yet re-created), a file named after it ({@code app.log.1}) that is the same file by key is read from the
 * position instead, and stays the position checkpoints record until the path names a file again (then the files
 * rotated after it come first; if that file is the rotated one renamed back, it goes on from where it was); with no
 * such file (deleted), the position is forgotten. Not thread-safe: one thread polls.
 */
public final class FileTail implements AutoCloseable {
    /** Files whose name matches {@code glob} (wildcards in the file name only), read as {@code format} (null: detect). */
    public record Pattern(Path glob, String format) {
        public Pattern {
            requireNonNull(glob, "glob is null");
        }
    }

    static final int FINGERPRINT_BYTES = 256;
    static final int MAX_LINE = 1 << 20;
    private static final int CHUNK = 64 * 1024;
    private static final List<String> COMPRESSED = List.of(".gz", ".bz2", ".xz", ".zip", ".zst", ".7z", ".lz4", ".z");

    private final List<Pattern> patterns;
    private final RecordSink sink;
    /** Checkpointed positions; one whose path names no file and whose rotated file is gone is dropped. */
    private final Map<String, FilePosition> resume;
    private final Map<Path, Followed> followed = new LinkedHashMap<>();
    /** Whether the checkpointed paths that name no file were looked for (once, at the first discovery). */
    private boolean absentLookedFor;
    /** Whether this poll reads only files {@link #positions} has named; whether it stopped at another. */
    private boolean onlyRecorded;
    private boolean awaitingCheckpoint;
    private long rotations;
    private long truncations;
    private long overlong;

    /** {@code resume}: positions of a checkpoint, by source name (the path as given by the pattern's folder). */
    public FileTail(List<Pattern> patterns, RecordSink sink, Map<String, FilePosition> resume) {
        this.patterns = List.copyOf(patterns);
        this.sink = requireNonNull(sink, "sink is null");
        this.resume = new java.util.HashMap<>(resume);
    }

    /** One file being followed: the current file at its path, and an older one still to be read to its end. */
    private static final class Followed {
        final Path path;
        final String format;
        Cursor current;
        /** Rotated files still to read to their end, oldest first, before {@code current}. */
        final ArrayDeque<Cursor> draining = new ArrayDeque<>();
        /** Whether a poll found the path naming no file, the last rotated file read to its end and kept. */
        boolean pathAbsent;
        /**
         * The rotated files read to their end since the path last named a file that was read, by key, with their
         * first bytes (fingerprint, length): not queued again (rotated files of one clock tick share a modification
         * time) unless a file with that key has other first bytes (a new file on a reused inode).
         */
        final Map<String, long[]> drained = new java.util.HashMap<>();

        Followed(Path path, String format) {
            this.path = path;
            this.format = format;
        }
    }

    /** An open file and how far it was read. */
    private static final class Cursor {
        final FileChannel channel;
        final String key;
        long fingerprint;
        int fingerprintLength;
        long offset;
        /** The file's modification time when last seen at the path: files rotated after it were modified later. */
        FileTime modified;
        /**
         * Whether {@link #positions} has named this file (so a checkpoint can find it again by key, whatever it is
         * renamed to); a {@link #pollCheckpointed} reads only such files.
         */
        boolean recorded;

        Cursor(FileChannel channel, String key) {
            this.channel = channel;
            this.key = key;
        }
    }

    /** Looks for new files, then reads what every followed file gained; returns the number of records delivered. */
    public int poll() throws IOException {
        return poll(Integer.MAX_VALUE);
    }

    /**
     * As {@link #poll()}, but delivers at most {@code budget} records (the rest waits for the next poll), so that
     * the caller can checkpoint at bounded intervals however much a file gained.
     */
    public int poll(int budget) throws IOException {
        return poll(budget, false);
    }

    /**
     * As {@link #poll(int)}, for a caller that checkpoints {@link #positions}: reads only from files a call of
     * {@link #positions} has named, and stops at one with something to read that none has (a new file, the next
     * file of a rotation, a copy), setting {@link #awaitingCheckpoint}. A file is read only once a checkpoint can
     * find it again: were it renamed away and Vigil killed before the next checkpoint, the restart (which cuts its
     * alert file back to the checkpoint) would not know to read it again, whatever it is now called.
     */
    public int pollCheckpointed(int budget) throws IOException {
        return poll(budget, true);
    }

    /** Whether the last {@link #pollCheckpointed} stopped at a file that a checkpoint must record first. */
    public boolean awaitingCheckpoint() {
        return awaitingCheckpoint;
    }

    private int poll(int budget, boolean checkpointed) throws IOException {
        onlyRecorded = checkpointed;
        awaitingCheckpoint = false;
        discover();
        int delivered = 0;
        for (Followed f : followed.values()) {
            if (delivered >= budget) {
                break;
            }
            delivered += step(f, budget - delivered);
        }
        return delivered;
    }

    /**
     * Starts following the files that match now (at their checkpointed position, or their start) without reading
     * them, so that a checkpoint taken next knows them, and finds them again if they are rotated before being read.
     */
    public void discover() throws IOException {
        for (Pattern pattern : patterns) {
            for (Path path : matching(pattern.glob())) {
                if (!followed.containsKey(path)) {
                    Followed f = new Followed(path, pattern.format());
                    start(f);
                    followed.put(path, f);
                }
            }
            if (!absentLookedFor) {
                for (Path path : checkpointedButAbsent(pattern.glob())) {
                    Followed f = new Followed(path, pattern.format());
                    if (!followed.containsKey(path) && startAbsent(f, resume.get(path.toString()))) {
                        followed.put(path, f);
                    }
                }
            }
        }
        absentLookedFor = true;
    }

    /**
     * The checkpointed paths that {@code glob} matches but that name no file now: renamed away by a rotation while
     * Vigil was stopped, and not yet re-created.
     */
    private List<Path> checkpointedButAbsent(Path glob) {
        Path dir = folder(glob);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.getFileName());
        List<Path> out = new ArrayList<>();
        for (String known : resume.keySet()) {
            Path path;
            try {
                path = Path.of(known);
            } catch (java.nio.file.InvalidPathException e) {
                continue;
            }
            if (path.getFileName() != null && dir.equals(folder(path)) && matcher.matches(path.getFileName())
                    && !compressed(path) && !Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                out.add(path);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Follows a checkpointed path that names no file from the file it was rotated to: one named after it (as
     * {@code app.log.1}) that is the same file (its key; without keys, its first bytes), read from the checkpointed
     * position. False when there is none (deleted): then the path is not followed, and its position is forgotten.
     */
    private boolean startAbsent(Followed f, FilePosition r) throws IOException {
        Path old = sameFile(f.path, r);
        if (old == null) {
            old = find(f.path, r.fileKey(), r.fingerprint(), r.fingerprintLength(), r.offset(), true);
        }
        Cursor drain = old == null ? null : open(old);
        if (drain == null) {
            resume.remove(f.path.toString()); // not applied to a file that appears at the path later
            return false;
        }
        drain.modified = modifiedOrNull(old);
        if (drain.modified == null) {
            closeQuietly(drain); // deleted since it was found: nothing left to read of it
            resume.remove(f.path.toString());
            return false;
        }
        drain.offset = r.offset();
        drain.recorded = true; // the file the checkpoint names
        f.draining.add(drain);
        try {
            queueRotatedAfter(f, drain.modified, drain.key, null);
        } catch (IOException e) {
            f.draining.forEach(FileTail::closeQuietly);
            f.draining.clear();
            throw e;
        }
        rotations++;
        return true;
    }

    /**
     * Where each followed file stands now: after the last record the sink accepted. For a checkpoint: the files
     * named are the ones {@link #pollCheckpointed} may read from now on.
     */
    public Map<String, FilePosition> positions() {
        Map<String, FilePosition> out = new LinkedHashMap<>();
        for (Followed f : followed.values()) {
            Cursor c = f.draining.isEmpty() ? f.current : f.draining.peekFirst();
            if (c != null) {
                c.recorded = true;
                out.put(f.path.toString(), new FilePosition(c.key, c.fingerprint, c.fingerprintLength, c.offset));
            } else if (resume.containsKey(f.path.toString())) {
                out.put(f.path.toString(), resume.get(f.path.toString()));
            }
        }
        return out;
    }

    public long rotations() {
        return rotations;
    }

    public long truncations() {
        return truncations;
    }

    /** Lines longer than 1 MiB, delivered in pieces of that size. */
    public long overlongLines() {
        return overlong;
    }

    @Override
    public void close() throws IOException {
        for (Followed f : followed.values()) {
            closeQuietly(f.current);
            f.draining.forEach(FileTail::closeQuietly);
        }
        followed.clear();
    }

    private void start(Followed f) throws IOException {
        FilePosition r = resume.get(f.path.toString());
        Cursor current = open(f.path);
        if (current != null) {
            // files rotated after this one, before the first poll reads it, are found by being modified later
            current.modified = modifiedOrNull(f.path);
        }
        if (r == null) {
            f.current = current;
            return;
        }
        if (current != null && sameContent(current, r) && current.channel.size() >= r.offset()
                && (r.fileKey() == null || current.key == null || r.fileKey().equals(current.key))) {
            current.offset = r.offset();
            current.recorded = true;
            f.current = current;
            return;
        }
        // The file the checkpoint names was rotated while we were stopped: read it to its end first.
        Path old = find(f.path, r.fileKey(), r.fingerprint(), r.fingerprintLength(), r.offset(), false);
        if (old != null) {
            Cursor drain = open(old);
            if (drain != null) {
                drain.offset = r.offset();
                drain.modified = modifiedOrNull(old);
                drain.recorded = true; // the file the checkpoint names
                f.draining.add(drain);
                if (drain.modified != null) { // null: deleted since it was found (its open channel is still read)
                    queueRotatedAfter(f, drain.modified, drain.key, current == null ? null : current.key);
                }
            }
        }
        if (current != null && r.fileKey() != null && r.fileKey().equals(current.key)) {
            truncations++;
        } else {
            rotations++;
        }
        f.current = current;
    }

    private int step(Followed f, int budget) throws IOException {
        int[] count = {0, budget};
        for (int round = 0; round < 4; round++) {
            while (!f.draining.isEmpty()) {
                if (!readLines(f, f.draining.peekFirst(), count)) {
                    return count[0];
                }
                if (f.draining.size() == 1 && f.current == null) {
                    Cursor kept = f.draining.peekFirst();
                    Cursor opened = open(f.path);
                    if (opened == null) {
                        // The path names no file yet (renamed away, not yet re-created): the rotated file, read to
                        // its end, stays the position a checkpoint records until the new one appears.
                        f.pathAbsent = true;
                        return count[0];
                    }
                    boolean waited = f.pathAbsent;
                    f.pathAbsent = false;
                    if (opened.key != null && opened.key.equals(kept.key)) {
                        // renamed back: the file at the path is the one read, and goes on from where it was
                        closeQuietly(opened);
                        f.draining.pollFirst();
                        f.current = kept;
                        continue;
                    }
                    f.current = opened;
                    if (waited && kept.modified != null) {
                        // while no file was at the path, it may have been written and rotated again: those files
                        // come first
                        queueRotatedAfter(f, kept.modified, kept.key, opened.key);
                    }
                }
                Cursor done = f.draining.pollFirst();
                if (done.key != null) {
                    f.drained.put(done.key, new long[] {done.fingerprint, done.fingerprintLength});
                }
                closeQuietly(done);
            }
            if (f.current == null) {
                f.current = open(f.path);
                if (f.current == null) {
                    return count[0];
                }
            }
            Cursor c = f.current;
            String key = keyOf(f.path);
            if (key != null && c.key != null && !key.equals(c.key)) {
                rotations++; // renamed or deleted, and a new file at the path
                f.draining.add(c);
                if (c.modified != null) {
                    queueRotatedAfter(f, c.modified, c.key, key);
                }
                // The new file is opened now: should it be renamed too before the rotated ones are read (a poll's
                // budget can stop short of their end), it is still read, and the files rotated after it found.
                Cursor next = open(f.path);
                if (next != null) {
                    next.modified = modifiedOrNull(f.path);
                }
                f.current = next;
                continue;
            }
            if (key != null) {
                FileTime modified = modifiedOrNull(f.path); // null: renamed away since its key was read
                c.modified = modified == null ? c.modified : modified;
            }
            if (c.channel.size() < c.offset || !sameContent(c, c.fingerprint, c.fingerprintLength)) {
                truncations++;
                Path copy = find(f.path, null, c.fingerprint, c.fingerprintLength, c.offset, false);
                if (copy != null && c.offset > 0) {
                    Cursor drain = open(copy);
                    if (drain != null) {
                        drain.offset = c.offset;
                        f.draining.add(drain);
                    }
                }
                c.offset = 0;
                c.recorded = false; // new content: no checkpoint names it yet
                c.fingerprintLength = 0;
                c.fingerprint = fingerprint(c.channel, 0);
                continue;
            }
            f.drained.clear(); // the catch-up is over
            readLines(f, c, count);
            return count[0];
        }
        return count[0];
    }

    /**
     * Queues the files rotated after the one just rotated away (modified later, named after the followed file, as
     * {@code app.log.1} or {@code app.log-20250718}), oldest first: when the file rotated more than once between
     * two polls, or while Vigil was stopped, the files in between are read too.
     */
    private void queueRotatedAfter(Followed f, FileTime after, String oldKey, String currentKey) throws IOException {
        String base = f.path.getFileName().toString();
        List<Path> later = new ArrayList<>();
        Map<Path, FileTime> times = new LinkedHashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder(f.path))) {
            for (Path candidate : entries) {
                String name = candidate.getFileName().toString();
                if (!name.startsWith(base) || name.equals(base) || compressed(candidate) || !Files.isRegularFile(candidate)) {
                    continue;
                }
                String key = keyOf(candidate);
                FileTime time;
                try {
                    time = Files.getLastModifiedTime(candidate);
                } catch (NoSuchFileException e) {
                    continue; // deleted while listed
                }
                if (key != null && !key.equals(oldKey) && !key.equals(currentKey) && time.compareTo(after) >= 0
                        && !alreadyDrained(f, key, candidate)) {
                    later.add(candidate);
                    times.put(candidate, time);
                }
            }
        }
        later.sort(java.util.Comparator.comparing(times::get));
        for (Path path : later) {
            Cursor cursor = open(path);
            if (cursor != null) {
                cursor.modified = times.get(path); // should it be the last one left, files rotated after it are found
                rotations++;
                f.draining.add(cursor);
            }
        }
    }

    /** Whether {@code candidate} is a rotated file already read to its end in this catch-up (same key, same first bytes). */
    private static boolean alreadyDrained(Followed f, String key, Path candidate) {
        long[] seen = f.drained.get(key);
        if (seen == null) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.READ)) {
            return channel.size() >= seen[1] && fingerprint(channel, (int) seen[1]) == seen[0];
        } catch (IOException e) {
            return true; // gone or unreadable: nothing to queue
        }
    }

    private static FileTime modifiedOrNull(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return null;
        }
    }

    /** Delivers the complete lines after the cursor's offset; false when the sink refused one (try again later). */
    private boolean readLines(Followed f, Cursor c, int[] count) throws IOException {
        if (onlyRecorded && !c.recorded) {
            if (c.channel.size() > c.offset) {
                awaitingCheckpoint = true;
                return false;
            }
            return true; // nothing to read now, and what is appended after this check waits for a checkpoint too
        }
        if (c.fingerprintLength < FINGERPRINT_BYTES) {
            // first, not only after reading to the end: a read cut short by the budget must not leave a position
            // past the start with no first bytes to know its file by
            updateFingerprint(c);
        }
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long pos = c.offset;
        String source = f.path.toString();
        while (true) {
            buffer.clear();
            int n = c.channel.read(buffer, pos);
            if (n <= 0) {
                break;
            }
            byte[] bytes = buffer.array();
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (count[0] >= count[1]) {
                    return false; // the budget of this poll is spent
                }
                if (bytes[i] == '\n') {
                    line.write(bytes, start, i - start);
                    if (!deliver(source, f.format, line, pos + i + 1, c)) {
                        return false;
                    }
                    count[0]++;
                    start = i + 1;
                }
            }
            line.write(bytes, start, n - start);
            pos += n;
            if (line.size() >= MAX_LINE) {
                overlong++;
                if (!deliver(source, f.format, line, pos, c)) {
                    return false;
                }
                count[0]++;
            }
        }
        if (c.fingerprintLength < FINGERPRINT_BYTES) {
            updateFingerprint(c);
        }
        return true;
    }

    private boolean deliver(String source, String format, ByteArrayOutputStream line, long end, Cursor c) {
        byte[] data = line.toByteArray();
        int length = data.length;
        if (length > 0 && data[length - 1] == '\r') {
            data = java.util.Arrays.copyOf(data, length - 1);
        }
        if (!sink.offer(new SourceRecord(source, format, data, end))) {
            return false;
        }
        c.offset = end;
        line.reset();
        return true;
    }

    private static void updateFingerprint(Cursor c) throws IOException {
        int length = (int) Math.min(FINGERPRINT_BYTES, c.channel.size());
        if (length > c.fingerprintLength) {
            c.fingerprint = fingerprint(c.channel, length);
            c.fingerprintLength = length;
        }
    }

    private static boolean sameContent(Cursor c, FilePosition r) throws IOException {
        return sameContent(c, r.fingerprint(), r.fingerprintLength());
    }

    private static boolean sameContent(Cursor c, long fingerprint, int length) throws IOException {
        return c.channel.size() >= length && fingerprint(c.channel, length) == fingerprint;
    }

    /** CRC-32 of the first {@code length} bytes. */
    static long fingerprint(FileChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long pos = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n <= 0) {
                break;
            }
            pos += n;
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        return crc.getValue();
    }

    /**
     * The file in the path's folder, under a name no pattern follows, that a position refers to: its file key, at
     * least {@code offset} long, and its first {@link #FINGERPRINT_BYTES} bytes those the position recorded (a key
     * can be reused by a new file once the old one is deleted, and a shorter prefix, a header line say, could be
     * another file's too); null when there is none, or the position has no key or a shorter fingerprint (then only
     * {@link #find} by rotated names applies).
     */
    private Path sameFile(Path path, FilePosition r) throws IOException {
        if (r.fileKey() == null || r.fingerprintLength() < FINGERPRINT_BYTES) {
            return null;
        }
        for (Pattern pattern : patterns) {
            for (Path followed : matching(pattern.glob())) {
                if (r.fileKey().equals(keyOf(followed))) {
                    return null; // a pattern follows the file (or a link to it): it is read as itself
                }
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder(path))) {
            for (Path candidate : entries) {
                // (a file a pattern follows has another key, or the search ended above)
                if (candidate.equals(path) || compressed(candidate) || !Files.isRegularFile(candidate)
                        || !r.fileKey().equals(keyOf(candidate))) {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.READ)) {
                    if (channel.size() >= Math.max(r.offset(), r.fingerprintLength())
                            && fingerprint(channel, r.fingerprintLength()) == r.fingerprint()) {
                        return candidate;
                    }
                } catch (IOException e) {
                    // deleted while listed, not ours to read, or not readable as a file: not the file looked for
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        return null;
    }

    /**
     * Another file in the path's folder that is the one a position refers to: the same file key if given, else
     * the same first bytes (at least one) and at least {@code offset} long; with {@code namedAfter}, only files whose
     * name starts with the path's (rotated names: {@code app.log.1}, {@code app.log-20250718}), and only by key when
     * there is one. The most recently modified wins.
     */
    private static Path find(Path path, String key, long fingerprint, int length, long offset, boolean namedAfter)
            throws IOException {
        Path dir = folder(path);
        Path best = null;
        long bestTime = Long.MIN_VALUE;
        if (key == null && length == 0) {
            return null; // the first bytes of an empty file match every file
        }
        String base = path.getFileName() == null ? "" : path.getFileName().toString();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path candidate : entries) {
                if (candidate.equals(path) || compressed(candidate) || !Files.isRegularFile(candidate)
                        || namedAfter && !candidate.getFileName().toString().startsWith(base)) {
                    continue;
                }
                boolean match;
                if (key != null) {
                    match = key.equals(keyOf(candidate));
                } else {
                    try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.READ)) {
                        match = channel.size() >= Math.max(offset, length) && fingerprint(channel, length) == fingerprint;
                    } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
                        continue; // deleted while listed, or not ours to read: not the file looked for
                    }
                }
                long time;
                try {
                    time = Files.getLastModifiedTime(candidate).toMillis();
                } catch (NoSuchFileException e) {
                    continue; // deleted while listed (the oldest rotated file, say): the others still count
                }
                if (match && time > bestTime) {
                    best = candidate;
                    bestTime = time;
                }
            }
        } catch (NoSuchFileException e) {
            return null;
        }
        if (best == null && key != null && !namedAfter) {
            return find(path, null, fingerprint, length, offset, false);
        }
        return best;
    }

    private static List<Path> matching(Path glob) throws IOException {
        Path dir = folder(glob);
        String name = glob.getFileName().toString();
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (matcher.matches(entry.getFileName()) && !compressed(entry) && Files.isRegularFile(entry)) {
                    out.add(entry);
                }
            }
        }
        out.sort(null);
        return out;
    }

    private static Path folder(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    static boolean compressed(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return COMPRESSED.stream().anyMatch(name::endsWith);
    }

    private static Cursor open(Path path) throws IOException {
        try {
            String key = keyOf(path);
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            Cursor c = new Cursor(channel, key);
            updateFingerprint(c);
            return c;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String keyOf(Path path) throws IOException {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key == null ? null : key.toString();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void closeQuietly(Cursor c) {
        if (c != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing a read-only channel: nothing to lose
            }
        }
    }
}
