package dev.vigil.scan;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * One read-only sweep over folders: one thread walks (depth first, so memory grows with depth, not with the number
 * of files), and workers read, hash and search the files it finds. Entries that are not regular files are not
 * opened: a symbolic link is looked at by name only unless links are followed (then the walk detects loops), and
 * a device, pipe or socket is never read (reading a pipe could block the sweep for ever). Anything that cannot be
 * read becomes a {@link ScanProblem} and the sweep goes on.
 */
public final class Sweep {
    /** Problems kept for the report; the statistics count them all. */
    public static final int KEPT_PROBLEMS = 10_000;
    /**
     * Folders deeper than this are reported, not entered: a last guard against loops the walk cannot see (on
     * Windows, Java treats a junction as a plain folder and has no file keys to detect a cycle with).
     */
    public static final int MAX_DEPTH = 512;

    /** Told now and then how far the sweep is: files done and bytes read so far. Called from one thread. */
    @FunctionalInterface
    public interface Progress {
        void update(long files, long bytes);
    }

    private final IndicatorCatalog catalog;
    private final ScanOptions options;

    final AtomicLong files = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong hashed = new AtomicLong();
    final AtomicLong tooLargeToHash = new AtomicLong();
    private final AtomicLong folders = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong problemCount = new AtomicLong();
    private final List<ScanProblem> problems = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    private Sweep(IndicatorCatalog catalog, ScanOptions options) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.options = requireNonNull(options, "options is null");
    }

    /** Sweeps every root of the options; returns when all is done. */
    public static ScanResult run(IndicatorCatalog catalog, ScanOptions options, Progress progress) {
        return new Sweep(catalog, options).run(progress);
    }

    private ScanResult run(Progress progress) {
        long start = System.nanoTime();
        int threads = options.threads();
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "vigil-scan");
            thread.setDaemon(true);
            return thread;
        }) : null;
        ThreadLocal<FileCheck> checks = ThreadLocal.withInitial(() -> new FileCheck(catalog, options, this));
        // a few files queued per worker: enough to keep them busy, few enough to keep memory flat
        Semaphore queued = new Semaphore(threads * 16);
        try {
            for (Path root : options.roots()) {
                walk(root, (path, attributes) -> {
                    if (pool == null) {
                        checks.get().check(path, attributes);
                    } else {
                        queued.acquireUninterruptibly();
                        pool.execute(() -> {
                            try {
                                checks.get().check(path, attributes);
                            } catch (RuntimeException e) {
                                failure.compareAndSet(null, e);
                            } finally {
                                queued.release();
                            }
                        });
                    }
                    progress.update(files.get(), bytesRead.get());
                });
            }
        } finally {
            if (pool != null) {
                pool.shutdown();
                awaitQuietly(pool);
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::path).thenComparing(Finding::kind).thenComparing(finding -> finding.about().id()));
        ScanStatistics statistics = new ScanStatistics(files.get(), folders.get(), bytesRead.get(), hashed.get(),
                tooLargeToHash.get(), skipped.get(), problemCount.get(), sorted.size(),
                Duration.ofNanos(System.nanoTime() - start));
        return new ScanResult(sorted, new ArrayList<>(problems), statistics);
    }

    private interface FileHandler {
        void handle(Path path, BasicFileAttributes attributes);
    }

    private void walk(Path root, FileHandler handler) {
        Path start = root;
        // a root given as a symbolic link is followed (as find -H does): the user named it
        if (!options.followLinks() && Files.isSymbolicLink(root) && Files.exists(root)) {
            try {
                start = root.toRealPath();
            } catch (IOException e) {
                problem(root.toString(), reason(e));
                return;
            }
        }
        Path realStart = start;
        Set<FileVisitOption> visitOptions = options.followLinks() ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class);
        try {
            Files.walkFileTree(start, visitOptions, MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    folders.incrementAndGet();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    Path shown = realStart == root ? file : root.resolve(realStart.relativize(file));
                    if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
                        handler.handle(shown, attributes);
                    } else if (attributes.isDirectory()) {
                        problem(shown.toString(), "folder nested deeper than " + MAX_DEPTH + " levels, not entered (a loop?)");
                    } else {
                        skipped.incrementAndGet();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problem(realStart == root ? file.toString() : root.resolve(realStart.relativize(file)).toString(), reason(e));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (e != null) {
                        problem(dir.toString(), "folder not fully listed: " + reason(e));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            problem(root.toString(), reason(e));
        }
    }

    void skippedEntry() {
        skipped.incrementAndGet();
    }

    void found(Finding finding) {
        findings.add(finding);
    }

    void problem(String path, String reason) {
        problemCount.incrementAndGet();
        synchronized (problems) {
            if (problems.size() < KEPT_PROBLEMS) {
                problems.add(new ScanProblem(path, reason));
            }
        }
    }

    /** A short reason a person can act on, without a stack trace. */
    static String reason(IOException e) {
        if (e instanceof FileSystemLoopException) {
            return "symbolic link loop (leads back to a folder being scanned); not followed";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "vanished during the scan";
        }
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (message == null) {
            return kind;
        }
        if (e instanceof java.nio.file.FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return kind + ": " + message;
    }

    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.HOURS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static LinkOption[] linkOptions(boolean followLinks) {
        return followLinks ? new LinkOption[0] : new LinkOption[]{LinkOption.NOFOLLOW_LINKS};
    }
}
