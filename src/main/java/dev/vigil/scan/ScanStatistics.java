package dev.vigil.scan;

import java.time.Duration;

/**
 * What a sweep did: regular files looked at, folders entered, bytes read, files hashed and files too large to
 * hash, other entries skipped (symbolic links not followed, devices, pipes), problems, findings, and how long it took.
 */
public record ScanStatistics(long files, long folders, long bytesRead, long hashed, long tooLargeToHash,
                             long skipped, long problems, long findings, Duration elapsed) {

    public double filesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : files / seconds;
    }
}
