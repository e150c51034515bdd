package dev.vigil.scan;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * How to sweep: the roots; follow symbolic links (with loop detection) or not; the content read per script file;
 * the largest file hashed; files changed after {@code changedSince} in a web root are reported ({@code null}: no
 * such check); worker threads.
 */
public record ScanOptions(List<Path> roots, boolean followLinks, long maxContentBytes, long maxHashBytes,
                          Instant changedSince, int threads) {
    public ScanOptions {
        roots = List.copyOf(roots);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no path to scan");
        }
        if (maxContentBytes < 0 || maxContentBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("content limit must be between 0 and 2 GiB, not " + maxContentBytes);
        }
        if (maxHashBytes < 0) {
            throw new IllegalArgumentException("hash limit must not be negative");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }
}
