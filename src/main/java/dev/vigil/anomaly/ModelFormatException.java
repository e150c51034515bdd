package dev.vigil.anomaly;

/** A model file that cannot be read: wrong kind, unsupported version, or damaged; the message names the file. */
public final class ModelFormatException extends Exception {
    public ModelFormatException(String message) {
        super(message);
    }
}
