package dev.vigil.event;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One field value of an event, as the source wrote it.
 *
 * <p>Numbers keep the text they were written with, so that a rule's {@code EventID: 4688} and a JSON
 * {@code 4688} compare as the same text and a hexadecimal {@code 0x10} is not silently renumbered.
 */
public sealed interface Value permits Value.Text, Value.Number, Value.Bool, Value.Null, Value.Array {

    /** The value as text: what string matching sees. {@code null} is empty; arrays join with a space. */
    String text();

    static Value text(String text) {
        return new Text(text);
    }

    record Text(String text) implements Value {
        public Text {
            requireNonNull(text, "text is null");
        }
    }

    /** A number in its written form; {@link #asDouble()} parses on demand. */
    record Number(String text) implements Value {
        public Number {
            requireNonNull(text, "text is null");
        }

        /** The numeric value, or NaN when the text is not a number Java can read. */
        public double asDouble() {
            return parseNumber(text);
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public String text() {
            return value ? "true" : "false";
        }
    }

    /** An explicit null (JSON {@code null}); an absent field is not a value at all. */
    record Null() implements Value {
        public static final Null INSTANCE = new Null();

        @Override
        public String text() {
            return "";
        }
    }

    /** A list of values; matching treats it as "any item matches". */
    record Array(List<Value> items) implements Value {
        public Array {
            items = List.copyOf(items);
        }

        @Override
        public String text() {
            StringBuilder builder = new StringBuilder();
            for (Value item : items) {
                if (builder.length() > 0) {
                    builder.append(' ');
                }
                builder.append(item.text());
            }
            return builder.toString();
        }
    }

    /**
     * Parses decimal, hexadecimal ({@code 0x1F}) and floating point text; NaN when it is none of them.
     * Used for numeric comparisons of values that arrive as text.
     */
    static double parseNumber(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return Double.NaN;
        }
        try {
            if (trimmed.length() > 2 && (trimmed.startsWith("0x") || trimmed.startsWith("0X"))) {
                return Long.parseUnsignedLong(trimmed.substring(2), 16);
            }
            return Double.parseDouble(trimmed);
        } catch (NumberFormatException notANumber) {
            return Double.NaN;
        }
    }
}
