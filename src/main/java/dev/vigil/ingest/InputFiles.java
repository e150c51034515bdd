package dev.vigil.ingest;

import dev.vigil.event.Event;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static java.util.Objects.requireNonNull;

/**
 * Turns the PATH arguments of a hunt into one stream of events: expands directories, decompresses gzip (by its
 * magic bytes), reads every entry of a zip archive in order (named {@code archive.zip!entry/name}), and picks each
 * file's format by detection unless one is forced.
 *
 * <p>Whatever goes wrong with one file (it cannot be read, its format is unknown, its gzip or zip data is corrupt)
 * is reported as an {@link InputProblem} naming it, and reading goes on with the next file; events already read
 * from a file that fails midway are kept.
 */
public final class InputFiles {
    /** Enough of a file to see its signature when deciding whether to split it. */
    private static final int SPLIT_HEAD_BYTES = 512;
    /** The sniff score of a format that recognised its own signature. */
    private static final int CERTAIN = 100;

    private final InputFormats formats;
    private final ProblemListener problems;

    public InputFiles(InputFormats formats, ProblemListener problems) {
        this.formats = requireNonNull(formats, "formats is null");
        this.problems = requireNonNull(problems, "problems is null");
    }

    /**
     * The files the arguments name, in order: a file as given, a directory as all files below it sorted by path,
     * skipping names that start with a dot. A missing argument or unreadable directory is reported.
     */
    public List<Path> expand(List<Path> arguments) {
        List<Path> files = new ArrayList<>();
        for (Path argument : arguments) {
            if (Files.isRegularFile(argument)) {
                files.add(argument);
            } else if (Files.isDirectory(argument)) {
                files.addAll(walk(argument));
            } else {
                problems.problem(new InputProblem(argument.toString(), 0, "no such file or directory"));
            }
        }
        return List.copyOf(files);
    }

    private List<Path> walk(Path directory) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) {
                    return !path.equals(directory) && isHidden(path) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && !isHidden(path)) {
                        found.add(path);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path path, IOException failure) {
                    problems.problem(new InputProblem(path.toString(), 0, "cannot read: " + describe(failure)));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException failure) {
            problems.problem(new InputProblem(directory.toString(), 0, "cannot read: " + describe(failure)));
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /** All events of all files the arguments name, detecting each file's format. */
    public EventReader openAll(List<Path> arguments) {
        return new FileSequence(expand(arguments).iterator(), Optional.empty());
    }

    /** All events of all files the arguments name, read with the given format. */
    public EventReader openAll(List<Path> arguments, InputFormat forced) {
        return new FileSequence(expand(arguments).iterator(), Optional.of(requireNonNull(forced, "forced is null")));
    }

    /** The events of one file (every entry when it is a zip), detecting the format; problems are reported. */
    public EventReader open(Path file) {
        return new FileSequence(List.of(file).iterator(), Optional.empty());
    }

    /** The events of one file read with the given format. */
    public EventReader open(Path file, InputFormat forced) {
        return new FileSequence(List.of(file).iterator(), Optional.of(requireNonNull(forced, "forced is null")));
    }

    /**
     * The parts of one file for reading in parallel, in order: several when its format can split it (a large
     * uncompressed EVTX file), otherwise one that reads it whole. Problems are reported, never thrown.
     */
    public List<InputPart> parts(Path file, InputFormat forced) {
        String source = file.toString();
        InputPart whole = new InputPart(source, () -> forced == null ? open(file) : open(file, forced));
        byte[] head = new byte[SPLIT_HEAD_BYTES];
        int length;
        try (InputStream input = Files.newInputStream(file)) {
            length = input.readNBytes(head, 0, head.length);
        } catch (IOException failure) {
            return List.of(whole); // opening it again reports the failure
        }
        boolean compressed = length >= 2 && ((head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b
                || head[0] == 'P' && head[1] == 'K');
        SplittableFormat splittable = compressed ? null : splittable(forced, fileName(source), head, length);
        if (splittable == null) {
            return List.of(whole);
        }
        try {
            return splittable.split(file, source, problems);
        } catch (IOException failure) {
            problems.problem(new InputProblem(source, 0, "cannot read: " + describe(failure)));
            return List.of();
        }
    }

    /** The forced format if it splits, else a splittable format that is certain of the file (its signature). */
    private SplittableFormat splittable(InputFormat forced, String name, byte[] head, int length) {
        if (forced != null) {
            return forced instanceof SplittableFormat splittable ? splittable : null;
        }
        for (InputFormat format : formats.all()) {
            if (format instanceof SplittableFormat splittable && format.sniff(name, head, length) >= CERTAIN) {
                return splittable;
            }
        }
        return null;
    }

    /**
     * Opens one stream: unwraps gzip, hands a zip to {@link ZipEntries}, and otherwise detects or uses the forced
     * format. Returns {@code null} after reporting a problem when the stream cannot be read as anything.
     */
    private EventReader openStream(InputStream raw, String source, Instant modified, Optional<InputFormat> forced,
                                   boolean insideArchive) throws IOException {
        BufferedInputStream input = new BufferedInputStream(raw, InputFormats.HEAD_BYTES);
        byte[] head = new byte[InputFormats.HEAD_BYTES];
        int length = peek(input, head);
        String name = fileName(source);
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            input = new BufferedInputStream(new GZIPInputStream(input, 64 * 1024), InputFormats.HEAD_BYTES);
            length = peek(input, head);
            if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
                name = name.substring(0, name.length() - 3);
            }
        }
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            if (insideArchive) {
                input.close();
                problems.problem(new InputProblem(source, 0, "archives inside archives are not read"));
                return null;
            }
            return new ZipEntries(new ZipInputStream(input), source, modified, forced);
        }
        Optional<InputFormat> format = forced.isPresent() ? forced : formats.detect(name, head, length);
        if (format.isEmpty()) {
            input.close();
            problems.problem(new InputProblem(source, 0,
                    length == 0 ? "empty file, no format to detect" : "unknown format; name one with --input-format ("
                            + String.join(", ", formats.names()) + ")"));
            return null;
        }
        return format.get().open(input, source, modified, problems);
    }

    private static int peek(BufferedInputStream input, byte[] head) throws IOException {
        input.mark(head.length);
        int length = input.readNBytes(head, 0, head.length);
        input.reset();
        return length;
    }

    private static String fileName(String source) {
        int cut = Math.max(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')), source.lastIndexOf('!'));
        return source.substring(cut + 1);
    }

    private static String describe(IOException failure) {
        String message = failure.getMessage();
        String kind = failure.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + message;
    }

    /** The files of a hunt, one after another; a file that fails is reported and the next one opened. */
    private final class FileSequence implements EventReader {
        private final Iterator<Path> files;
        private final Optional<InputFormat> forced;
        private EventReader current;
        private String currentSource;

        FileSequence(Iterator<Path> files, Optional<InputFormat> forced) {
            this.files = files;
            this.forced = forced;
        }

        @Override
        public Event next() throws IOException {
            while (true) {
                if (current == null) {
                    if (!files.hasNext()) {
                        return null;
                    }
                    Path file = files.next();
                    currentSource = file.toString();
                    InputStream stream = null;
                    try {
                        Instant modified = Files.getLastModifiedTime(file).toInstant();
                        stream = Files.newInputStream(file);
                        current = openStream(stream, currentSource, modified, forced, false);
                    } catch (IOException failure) {
                        closeQuietly(stream);
                        problems.problem(new InputProblem(currentSource, 0, "cannot read: " + describe(failure)));
                    }
                    continue;
                }
                try {
                    Event event = current.next();
                    if (event != null) {
                        return event;
                    }
                } catch (IOException failure) {
                    problems.problem(new InputProblem(currentSource, 0,
                            "cannot read further, rest of the file skipped: " + describe(failure)));
                }
                closeQuietly(current);
                current = null;
            }
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /**
     * The entries of one zip archive in order, each detected (or read with the forced format) on its own. Directory
     * entries and hidden entries (a path part starting with a dot, or {@code __MACOSX}) are skipped.
     */
    private final class ZipEntries implements EventReader {
        private final ZipInputStream zip;
        private final String archive;
        private final Instant modified;
        private final Optional<InputFormat> forced;
        private EventReader current;

        ZipEntries(ZipInputStream zip, String archive, Instant modified, Optional<InputFormat> forced) {
            this.zip = zip;
            this.archive = archive;
            this.modified = modified;
            this.forced = forced;
        }

        @Override
        public Event next() throws IOException {
            while (true) {
                if (current == null) {
                    ZipEntry entry = zip.getNextEntry();
                    if (entry == null) {
                        return null;
                    }
                    if (entry.isDirectory() || isHiddenEntry(entry.getName())) {
                        continue;
                    }
                    Instant entryTime = entry.getLastModifiedTime() != null
                            ? entry.getLastModifiedTime().toInstant() : modified;
                    current = openStream(new EntryStream(zip), archive + "!" + entry.getName(), entryTime, forced, true);
                    continue;
                }
                Event event = current.next();
                if (event != null) {
                    return event;
                }
                current = null;
            }
        }

        private boolean isHiddenEntry(String name) {
            for (String part : name.split("/")) {
                if (part.startsWith(".") || part.equals("__MACOSX")) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /** One zip entry's bytes; closing it leaves the archive open for the next entry. */
    private static final class EntryStream extends FilterInputStream {
        EntryStream(ZipInputStream zip) {
            super(zip);
        }

        @Override
        public void close() {
            // The archive is closed by ZipEntries once its last entry is read.
        }
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Nothing more can be lost: the problem that led here was already reported.
        }
    }
}
