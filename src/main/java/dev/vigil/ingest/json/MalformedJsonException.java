package dev.vigil.ingest.json;

import java.io.IOException;

/** The JSON text is not what a record needs; always turned into an input problem, never thrown to callers. */
final class MalformedJsonException extends IOException {
    MalformedJsonException(String message) {
        super(message);
    }
}
