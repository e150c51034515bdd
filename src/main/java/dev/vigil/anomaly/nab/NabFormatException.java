package dev.vigil.anomaly.nab;

import java.io.IOException;

/** A NAB file that cannot be read as NAB describes it; the message names the file and, where known, the line. */
public final class NabFormatException extends IOException {
    public NabFormatException(String message) {
        super(message);
    }

    static NabFormatException at(String source, long line, String problem) {
        return new NabFormatException(source + ":" + line + ": " + problem);
    }
}
