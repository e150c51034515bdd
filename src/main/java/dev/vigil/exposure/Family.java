package dev.vigil.exposure;

import java.util.Locale;

/** The product families Vigil can assess; each has its own kind of build data. */
public enum Family {
    /** Builds against the CU/SU table of {@code exchange-builds.json}. */
    EXCHANGE,
    /** Builds against the per-product thresholds of {@code sharepoint-thresholds.json}. */
    SHAREPOINT;

    /** The name used in {@code exposure.json} and in {@code --product}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
