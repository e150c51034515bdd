package dev.vigil.respond;

import dev.vigil.event.Value;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * JSON text built in a growable character array, compact (no spaces), for writing detections fast. Strings and
 * field names are escaped as Jackson's generator escapes them by default, so that the output is the same text
 * character for character: {@code "} and {@code \} with a backslash, the control characters {@code \b \t \n \f \r}
 * by their short escapes and every other character below U+0020 as {@code \}{@code u00XX} (upper-case hex), everything
 * else (DEL, non-ASCII, lone surrogates) as it is; the {@link Writer} the text goes to encodes it.
 * {@code AlertJsonTest} compares the output with Jackson's on real events and generated strings.
 */
final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** By character below 128: 0 when written as it is, the short escape's letter, or 1 for {@code \}{@code u00XX}. */
    private static final char[] ESCAPES = new char[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
    }

    private char[] chars;
    private int length;
    /** The part of a string still to escape, copied out of {@link #chars} (which the escapes overwrite). */
    private char[] scratch = new char[0];

    JsonText(int capacity) {
        chars = new char[Math.max(16, capacity)];
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    void writeTo(Writer writer) throws IOException {
        writer.write(chars, 0, length);
    }

    char[] toChars() {
        return Arrays.copyOf(chars, length);
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }

    private void ensure(int more) {
        if (length + more > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
        }
    }

    JsonText raw(char c) {
        ensure(1);
        chars[length++] = c;
        return this;
    }

    /** Text written as it is (no escaping): punctuation, numbers, pieces of JSON made here. */
    JsonText raw(String text) {
        int n = text.length();
        ensure(n);
        text.getChars(0, n, chars, length);
        length += n;
        return this;
    }

    JsonText raw(char[] text) {
        ensure(text.length);
        System.arraycopy(text, 0, chars, length, text.length);
        length += text.length;
        return this;
    }

    JsonText raw(JsonText text) {
        ensure(text.length);
        System.arraycopy(text.chars, 0, chars, length, text.length);
        length += text.length;
        return this;
    }

    JsonText number(long value) {
        return raw(Long.toString(value));
    }

    /**
     * The text with every UTF-16 surrogate, paired or lone, written as its six-character JSON escape (backslash,
     * {@code u}, four upper-case hex digits), as the webhook body has always had them: a lone surrogate has no UTF-8
     * form, and a pair is the same JSON string either way. Outside strings the text is ASCII, so only string contents
     * change.
     */
    static String surrogatesEscaped(String text) {
        int first = 0;
        while (first < text.length() && !Character.isSurrogate(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                escaped.append('\\').append('u').append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** {@code "name":} */
    JsonText name(String name) {
        return string(name).raw(':');
    }

    /** A quoted, escaped string, or {@code null}. */
    JsonText string(String text) {
        if (text == null) {
            return raw("null");
        }
        int n = text.length();
        // Most text needs no escape: copy it whole, then escape from the first character that needs one.
        ensure(n + 2);
        char[] out = chars;
        int at = length;
        out[at++] = '"';
        text.getChars(0, n, out, at);
        int i = 0;
        while (i < n && plain(out[at + i])) {
            i++;
        }
        if (i == n) {
            out[at + n] = '"';
            length = at + n + 1;
            return this;
        }
        return escapedFrom(text, at, i);
    }

    /** Whether a character stands for itself in a JSON string (needs no escape). */
    private static boolean plain(char c) {
        return c >= 0x20 && c != '"' && c != '\\';
    }

    /**
     * The rest of {@link #string}: {@code text} is copied at {@code at} and needs no escape before {@code from}.
     * Room is kept for two characters per character left (a short escape), more is made only for a {@code \}{@code
     * u00XX} escape (rare); runs of characters that need no escape are copied as they are.
     */
    private JsonText escapedFrom(String text, int at, int from) {
        int n = text.length();
        int left = n - from;
        char[] rest = scratch.length >= left ? scratch : (scratch = new char[Math.max(left, 2 * scratch.length)]);
        System.arraycopy(chars, at + from, rest, 0, left);
        length = at + from;
        ensure(2 * left + 1);
        char[] out = chars;
        int o = length;
        for (int i = 0; i < left; i++) {
            char c = rest[i];
            if (plain(c)) {
                out[o++] = c;
                continue;
            }
            char escape = ESCAPES[c];
            if (escape == 1) {
                // Six characters where two were kept: room for the four more (and the rest) first.
                length = o;
                ensure(6 + 2 * (left - i - 1) + 1);
                out = chars;
                out[o++] = '\\';
                out[o++] = 'u';
                out[o++] = '0';
                out[o++] = '0';
                out[o++] = HEX[c >> 4];
                out[o++] = HEX[c & 0xF];
            } else {
                out[o++] = '\\';
                out[o++] = escape;
            }
        }
        out[o++] = '"';
        length = o;
        return this;
    }

    /**
     * An instant as a quoted string, as {@link Instant#toString} writes it (ISO-8601 in UTC, the fraction in groups of
     * three digits, none when zero); years outside 0–9999 through {@link Instant#toString} itself.
     */
    JsonText instant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            return string(instant.toString());
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int time = (int) Math.floorMod(seconds, 86_400L);
        ensure(32);
        chars[length++] = '"';
        digits(date.getYear(), 4);
        chars[length++] = '-';
        digits(date.getMonthValue(), 2);
        chars[length++] = '-';
        digits(date.getDayOfMonth(), 2);
        chars[length++] = 'T';
        digits(time / 3600, 2);
        chars[length++] = ':';
        digits(time / 60 % 60, 2);
        chars[length++] = ':';
        digits(time % 60, 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            chars[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                digits(nanos / 1000, 6);
            } else {
                digits(nanos, 9);
            }
        }
        chars[length++] = 'Z';
        chars[length++] = '"';
        return this;
    }

    /** Seconds of 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long LAST_SECOND = 253_402_300_799L;

    /** A non-negative number in exactly {@code width} digits, zero-padded (room already ensured). */
    private void digits(int value, int width) {
        for (int i = length + width - 1; i >= length; i--) {
            chars[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    /** A value: text as a string, a number as written when JSON can hold it (else as a string), arrays item by item. */
    JsonText value(Value value) {
        if (value instanceof Value.Text text) {
            string(text.text());
        } else if (value instanceof Value.Number number) {
            if (isJsonNumber(number.text())) {
                raw(number.text());
            } else {
                string(number.text());
            }
        } else if (value instanceof Value.Bool bool) {
            raw(bool.value() ? "true" : "false");
        } else if (value instanceof Value.Null) {
            raw("null");
        } else if (value instanceof Value.Array array) {
            raw('[');
            boolean first = true;
            for (Value item : array.items()) {
                if (!first) {
                    raw(',');
                }
                first = false;
                value(item);
            }
            raw(']');
        }
        return this;
    }

    /** JSON's number grammar: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?}. */
    static boolean isJsonNumber(String text) {
        int n = text.length();
        int i = 0;
        if (i < n && text.charAt(i) == '-') {
            i++;
        }
        if (i >= n || !isDigit(text.charAt(i))) {
            return false;
        }
        i = text.charAt(i) == '0' ? i + 1 : afterDigits(text, i);
        if (i < n && text.charAt(i) == '.') {
            int start = ++i;
            i = afterDigits(text, i);
            if (i == start) {
                return false;
            }
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int start = i;
            i = afterDigits(text, i);
            if (i == start) {
                return false;
            }
        }
        return i == n;
    }

    /** The position after the run of digits that starts at {@code i}. */
    private static int afterDigits(String text, int i) {
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
