package dev.vigil.ingest;

import java.util.Locale;

/**
 * The three-letter English month names logs use ({@code Jan} … {@code Dec}), parsed without a locale-dependent
 * formatter so that the JVM's default locale and CLDR data cannot change what a log means.
 */
public final class EnglishMonths {
    private static final String NAMES = "janfebmaraprmayjunjulaugsepoctnovdec";

    private EnglishMonths() {
    }

    /** The month number 1–12 for a case-insensitive three-letter name at {@code offset}, or 0 when it is none. */
    public static int parse(CharSequence text, int offset) {
        if (offset < 0 || offset + 3 > text.length()) {
            return 0;
        }
        String name = text.subSequence(offset, offset + 3).toString().toLowerCase(Locale.ROOT);
        int index = NAMES.indexOf(name);
        return index >= 0 && index % 3 == 0 ? index / 3 + 1 : 0;
    }
}
