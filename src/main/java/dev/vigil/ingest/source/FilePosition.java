package dev.vigil.ingest.source;

/**
 * Where a followed file was left: the file's identity ({@code fileKey}, the inode on Unix, or {@code null} where
 * the file system has none), a fingerprint of its first {@code fingerprintLength} bytes (to recognise the same
 * content after a copy or on a file system without keys), and the byte offset just after the last complete line
 * delivered.
 */
public record FilePosition(String fileKey, long fingerprint, int fingerprintLength, long offset) {
    public FilePosition {
        if (offset < 0 || fingerprintLength < 0) {
            throw new IllegalArgumentException("negative offset or fingerprint length");
        }
    }
}
