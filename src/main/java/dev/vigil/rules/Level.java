package dev.vigil.rules;

import java.util.Locale;
import java.util.Optional;

/** Sigma's severity levels, in increasing order. */
public enum Level {
    INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Level> parse(String text) {
        for (Level level : values()) {
            if (level.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    public boolean atLeast(Level other) {
        return compareTo(other) >= 0;
    }
}
