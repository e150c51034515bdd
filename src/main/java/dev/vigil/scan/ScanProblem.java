package dev.vigil.scan;

import static java.util.Objects.requireNonNull;

/** A file or folder the sweep could not look at (or not fully), and why; the sweep carries on. */
public record ScanProblem(String path, String reason) {
    public ScanProblem {
        requireNonNull(path, "path is null");
        requireNonNull(reason, "reason is null");
    }

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
