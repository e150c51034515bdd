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

    /**
     * A text value. Either made from its String, or {@linkplain #encoded(byte[], int, int, Decoder) encoded}: a slice
     * of a reader's bytes (a JSON string body as it stands in the line, escapes and all) that a {@link Decoder} turns
     * into the text the first time it is asked for. The decoded text is a function of the slice's bytes alone, so the
     * engine may remember what it found in a value by those bytes ({@link Encoded}) and skip decoding a value it has
     * seen before. Equal when the texts are. (Not a record, so that the encoded kind can decode lazily; a plain text
     * holds one reference, as the record did.)
     */
    sealed class Text implements Value permits Text.Encoded {
        /** The text; {@code null} only in an {@link Encoded}, which decodes into a field of its own. */
        private final String text;

        public Text(String text) {
            this.text = requireNonNull(text, "text is null");
        }

        private Text() {
            this.text = null;
        }

        /**
         * A text decoded from {@code bytes[start, end)} when first asked for; the decoder must give the same text for
         * the same bytes wherever they stand. The array must not change afterwards.
         */
        public static Encoded encoded(byte[] bytes, int start, int end, Decoder decoder) {
            requireNonNull(bytes, "bytes is null");
            requireNonNull(decoder, "decoder is null");
            if (start < 0 || end < start || end > bytes.length) {
                throw new IndexOutOfBoundsException("slice [" + start + ", " + end + ") of " + bytes.length + " bytes");
            }
            return new Encoded(bytes, start, end, decoder);
        }

        @Override
        public String text() {
            return text;
        }

        @Override
        public final boolean equals(Object other) {
            return other instanceof Text that && text().equals(that.text());
        }

        @Override
        public final int hashCode() {
            return text().hashCode();
        }

        @Override
        public final String toString() {
            return "Text[text=" + text() + "]";
        }

        /** A text that is a slice of bytes, decoded when first asked for: see {@link #encoded}. */
        public static final class Encoded extends Text {
            private final byte[] bytes;
            private final int start;
            private final int end;
            private final Decoder decoder;
            /** The decoded text, once asked for. */
            private String decoded;

            private Encoded(byte[] bytes, int start, int end, Decoder decoder) {
                this.bytes = bytes;
                this.start = start;
                this.end = end;
                this.decoder = decoder;
            }

            @Override
            public String text() {
                String decoded = this.decoded;
                if (decoded == null) {
                    decoded = requireNonNull(decoder.decode(bytes, start, end), "decoder gave null");
                    this.decoded = decoded; // racy but benign: every thread decodes the same immutable String
                }
                return decoded;
            }

            /**
             * Writes the text's characters, when every one is in Latin-1 (U+0000 to U+00FF), as their ISO-8859-1 bytes
             * into {@code out} (at least {@link #end()} - {@link #start()} long) and returns how many; -1 when some
             * character is not, or the decoder cannot tell (then only {@link #text()} gives the text). Makes no String
             * and does not decode the text: a scanner can read a long value without it.
             */
            public int latin1(byte[] out) {
                return decoder.latin1(bytes, start, end, out);
            }

            /** The array holding the slice. Not to be written. */
            public byte[] bytes() {
                return bytes;
            }

            public int start() {
                return start;
            }

            public int end() {
                return end;
            }
        }
    }

    /** Turns an encoded slice of bytes into its text: see {@link Text#encoded}. */
    @FunctionalInterface
    interface Decoder {
        String decode(byte[] bytes, int start, int end);

        /**
         * The text of {@code bytes[start, end)} as ISO-8859-1 bytes written to {@code out} (at least
         * {@code end - start} long), and how many; -1 when it has a character above U+00FF or this decoder does not
         * tell (the default). When not -1, the bytes decode to exactly {@link #decode}'s text.
         */
        default int latin1(byte[] bytes, int start, int end, byte[] out) {
            return -1;
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
