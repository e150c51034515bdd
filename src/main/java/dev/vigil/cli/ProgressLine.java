package dev.vigil.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A one-line progress counter on standard error, redrawn at most twice a second and only when enabled (on a
 * terminal, not quiet); {@link #clear()} wipes it before the summary. Thread-safe.
 */
final class ProgressLine {
    private static final long INTERVAL = 500_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw = start;
    private boolean drawn;

    ProgressLine(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Redraws the line with {@code text} (built only when due) unless it was drawn less than half a second ago. */
    synchronized void draw(Supplier<String> text) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < INTERVAL) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + text.get());
        err.flush();
    }

    /** Seconds since the line was created. */
    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    synchronized void clear() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }

    /** Prints the first 20 problems, indented, and how many more there were. */
    static void listProblems(PrintWriter err, String prefix, List<?> problems, long count) {
        for (int i = 0; i < Math.min(20, problems.size()); i++) {
            err.println("  " + prefix + problems.get(i));
        }
        if (count > 20) {
            err.printf(Locale.ROOT, "  … and %d more%n", count - 20);
        }
    }
}
