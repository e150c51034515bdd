package dev.vigil.ingest.evtx;

/**
 * A structure that does not parse. Thrown inside the reader and turned into a reported problem at the record or
 * chunk that contains it; carries no stack trace, since damaged input is expected and must stay cheap.
 */
final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
        super(message, null, false, false);
    }
}
