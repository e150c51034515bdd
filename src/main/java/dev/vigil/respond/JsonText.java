package dev.vigil.respond;

import dev.vigil.event.Value;

import java.io.IOException;
import java.io.Writer;
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
        while (i < n) {
            char c = out[at + i];
            if (c < 128 && ESCAPES[c] != 0) {
                break;
            }
            i++;
        }
        if (i == n) {
            out[at + n] = '"';
            length = at + n + 1;
            return this;
        }
        length = at + i;
        for (; i < n; i++) {
            char c = text.charAt(i);
            char escape = c < 128 ? ESCAPES[c] : 0;
            if (escape == 0) {
                ensure(1);
                chars[length++] = c;
            } else if (escape == 1) {
                ensure(6);
                chars[length++] = '\\';
                chars[length++] = 'u';
                chars[length++] = '0';
                chars[length++] = '0';
                chars[length++] = HEX[c >> 4];
                chars[length++] = HEX[c & 0xF];
            } else {
                ensure(2);
                chars[length++] = '\\';
                chars[length++] = escape;
            }
        }
        return raw('"');
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
        if (i >= n) {
            return false;
        }
        if (text.charAt(i) == '0') {
            i++;
        } else if (isDigit(text.charAt(i))) {
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
        } else {
            return false;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
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
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == start) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
