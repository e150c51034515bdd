package dev.vigil.anomaly;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * One reason a score is high: which feature departed from the baseline, what was observed, what the baseline holds,
 * and how far off, as a surprise in nats (natural-log units; 0 is "as expected", each further 2.3 is ten times
 * rarer).
 */
public record Finding(String feature, String observed, String normal, double surprise) {
    public Finding {
        requireNonNull(feature, "feature is null");
        requireNonNull(observed, "observed is null");
        requireNonNull(normal, "normal is null");
        if (!(surprise >= 0)) {
            throw new IllegalArgumentException("surprise must be at least 0: " + surprise);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %s (normal: %s) +%.1f", feature, observed, normal, surprise);
    }
}
