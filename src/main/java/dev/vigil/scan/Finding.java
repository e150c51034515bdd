package dev.vigil.scan;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * One indicator that holds for one file: the file (path as found, size, last modification, SHA-256 — empty when
 * the file was not hashed), what matched, and where in the file (line, 0 when the finding is about the whole file).
 * {@code about} is the indicator's, with the playbook of the web root for generic content indicators.
 */
public record Finding(String path, long size, Instant modified, String sha256, String kind, About about,
                      String matched, long line) {
    public Finding {
        requireNonNull(path, "path is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(about, "about is null");
        requireNonNull(matched, "matched is null");
    }
}
