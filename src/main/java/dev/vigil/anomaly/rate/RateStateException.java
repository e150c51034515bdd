package dev.vigil.anomaly.rate;

import java.io.IOException;

/** A saved rate model state that cannot be read; the message names the field. */
public final class RateStateException extends IOException {
    public RateStateException(String message) {
        super(message);
    }
}
