package dev.vigil.exposure;

/**
 * Input that cannot be used: a build that is not a build number, an unknown product name, a malformed inventory or
 * KEV file. The message names the file, line and field where there is one; it is meant for the user as it is.
 */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }
}
