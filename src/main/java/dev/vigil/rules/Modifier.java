package dev.vigil.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * The value modifiers of Sigma 2.1 (appendix "modifiers"), in the spelling rules use after a field's {@code |}.
 * {@code I}, {@code M} and {@code S} are the sub-modifiers of {@code re}.
 */
public enum Modifier {
    CONTAINS("contains"),
    STARTSWITH("startswith"),
    ENDSWITH("endswith"),
    ALL("all"),
    EXISTS("exists"),
    CASED("cased"),
    NEQ("neq"),
    WINDASH("windash"),
    RE("re"),
    I("i"),
    M("m"),
    S("s"),
    BASE64("base64"),
    BASE64OFFSET("base64offset"),
    UTF16LE("utf16le"),
    UTF16BE("utf16be"),
    UTF16("utf16"),
    WIDE("wide"),
    LT("lt"),
    LTE("lte"),
    GT("gt"),
    GTE("gte"),
    MINUTE("minute"),
    HOUR("hour"),
    DAY("day"),
    WEEK("week"),
    MONTH("month"),
    YEAR("year"),
    CIDR("cidr"),
    EXPAND("expand"),
    FIELDREF("fieldref");

    private final String label;

    Modifier(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<Modifier> parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (Modifier modifier : values()) {
            if (modifier.label.equals(lower)) {
                return Optional.of(modifier);
            }
        }
        return Optional.empty();
    }

    public boolean isEncoding() {
        return this == UTF16LE || this == UTF16BE || this == UTF16 || this == WIDE;
    }

    public boolean isComparison() {
        return this == LT || this == LTE || this == GT || this == GTE;
    }

    public boolean isTimePart() {
        return this == MINUTE || this == HOUR || this == DAY || this == WEEK || this == MONTH || this == YEAR;
    }

    public boolean isRegexFlag() {
        return this == I || this == M || this == S;
    }
}
