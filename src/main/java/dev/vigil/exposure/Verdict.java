package dev.vigil.exposure;

import java.util.Locale;

/** What Vigil can say about one build and one CVE. {@link #UNKNOWN} is never to be read as safe. */
public enum Verdict {
    VULNERABLE,
    PATCHED,
    UNKNOWN;

    /** The lower-case word used in every output format. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
