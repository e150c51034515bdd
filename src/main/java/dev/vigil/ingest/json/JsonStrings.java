package dev.vigil.ingest.json;

import dev.vigil.event.Value;
import dev.vigil.ingest.ByteScan;

import java.nio.charset.StandardCharsets;

/**
 * Decodes a JSON string's bytes, as {@link JsonLineScanner} found and checked them, to a String.
 *
 * <p>The other path decodes the whole line with a replacing UTF-8 decoder before parsing. Decoding only the bytes
 * between two quotes gives the same characters: the JDK's decoder never takes an ASCII byte into a malformed
 * sequence, and it replaces a sequence cut short by the end of its input as it does one cut short by an ASCII byte.
 * {@code new String(bytes, UTF_8)} replaces malformed input the same way as that decoder.
 */
final class JsonStrings {
    private JsonStrings() {
    }

    /** The decoder of the strings with these flags (the scanner's {@link JsonEvent#ESCAPED}, {@link JsonEvent#NON_ASCII}). */
    static Value.Decoder decoder(int flags) {
        return new Value.Decoder() {
            @Override
            public String decode(byte[] bytes, int start, int end) {
                return JsonStrings.decode(bytes, start, end, flags);
            }

            @Override
            public int latin1(byte[] bytes, int start, int end, byte[] out) {
                return JsonStrings.latin1(bytes, start, end, flags, out);
            }
        };
    }

    /**
     * The text of the string between {@code start} and {@code end} as ISO-8859-1 bytes in {@code out} (at least
     * {@code end - start} long), and how many; -1 when it has a character above U+00FF, or bytes that are not UTF-8
     * (those decode to U+FFFD, so the String way is the only one).
     */
    static int latin1(byte[] bytes, int start, int end, int flags, byte[] out) {
        if ((flags & JsonEvent.NON_ASCII) != 0) {
            return utf8Latin1(bytes, start, end, out);
        }
        if ((flags & JsonEvent.ESCAPED) == 0) {
            System.arraycopy(bytes, start, out, 0, end - start);
            return end - start;
        }
        return unescapeLatin1(bytes, start, end, out);
    }

    /** The text of the string between {@code start} and {@code end}; {@code flags} are the scanner's for it. */
    static String decode(byte[] bytes, int start, int end, int flags) {
        if ((flags & (JsonEvent.ESCAPED | JsonEvent.NON_ASCII)) != 0) {
            byte[] out = new byte[end - start];
            int length = latin1(bytes, start, end, flags, out);
            if (length >= 0) {
                return new String(out, 0, length, StandardCharsets.ISO_8859_1);
            }
        }
        String raw = new String(bytes, start, end - start,
                (flags & JsonEvent.NON_ASCII) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return (flags & JsonEvent.ESCAPED) != 0 ? unescape(raw) : raw;
    }

    /**
     * The escapes of ASCII bytes the scanner checked replaced byte by byte, for a text that stays within Latin-1: what
     * {@link #unescape} gives for their ISO-8859-1 decoding, without that intermediate String, written to {@code out}
     * (at least {@code end - start} long); returns how many bytes, or -1 when an escape stands for a character above
     * U+00FF (the caller then takes the general way).
     */
    private static int unescapeLatin1(byte[] bytes, int start, int end, byte[] out) {
        int length = 0;
        int index = start;
        while (index < end) {
            int backslash = ByteScan.indexOf(bytes, index, end, (byte) '\\');
            int stop = backslash < 0 ? end : backslash;
            System.arraycopy(bytes, index, out, length, stop - index); // the run up to the next escape
            length += stop - index;
            if (backslash < 0) {
                break;
            }
            int character = escaped(bytes, backslash);
            if (character > 0xFF) {
                return -1;
            }
            out[length++] = (byte) character;
            index = backslash + escapeLength(bytes, backslash);
        }
        return length;
    }

    /**
     * As {@link #unescapeLatin1}, for a string that holds bytes outside ASCII: each is the start of a two-byte UTF-8
     * sequence for U+0080 to U+00FF (lead byte 0xC2 or 0xC3, then a continuation byte), or the answer is -1. Escapes
     * are ASCII, so decoding the bytes and then replacing the escapes, as {@link #decode} otherwise does, gives the
     * same characters as doing both in one pass.
     */
    private static int utf8Latin1(byte[] bytes, int start, int end, byte[] out) {
        int length = 0;
        int index = start;
        while (index < end) {
            byte unit = bytes[index];
            if (unit >= 0 && unit != '\\') {
                out[length++] = unit;
                index++;
            } else if (unit == '\\') {
                int character = escaped(bytes, index);
                if (character > 0xFF) {
                    return -1;
                }
                out[length++] = (byte) character;
                index += escapeLength(bytes, index);
            } else if ((unit == (byte) 0xC2 || unit == (byte) 0xC3) && index + 1 < end
                    && (bytes[index + 1] & 0xC0) == 0x80) {
                out[length++] = (byte) ((unit & 0x1F) << 6 | bytes[index + 1] & 0x3F);
                index += 2;
            } else {
                return -1;
            }
        }
        return length;
    }

    /** The character (a UTF-16 unit) of the escape at {@code backslash}, which the scanner checked. */
    private static int escaped(byte[] bytes, int backslash) {
        byte escaped = bytes[backslash + 1];
        if (escaped != 'u') {
            return shortEscape(escaped);
        }
        int unit = 0;
        for (int digit = 0; digit < 4; digit++) {
            unit = unit << 4 | Character.digit(bytes[backslash + 2 + digit], 16);
        }
        return unit;
    }

    /** The character a one-letter escape stands for: the letter itself for a quote, backslash or slash. */
    private static char shortEscape(int letter) {
        return switch (letter) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> (char) letter;
        };
    }

    /** How many bytes the escape at {@code backslash} takes: six for {@code \\uXXXX}, else two. */
    private static int escapeLength(byte[] bytes, int backslash) {
        return bytes[backslash + 1] == 'u' ? 6 : 2;
    }

    /** Replaces the escapes of text the scanner checked: each backslash starts a complete, valid escape. */
    private static String unescape(String raw) {
        char[] out = new char[raw.length()];
        int length = 0;
        int index = 0;
        while (index < raw.length()) {
            char character = raw.charAt(index++);
            if (character != '\\') {
                out[length++] = character;
                continue;
            }
            char escaped = raw.charAt(index++);
            if (escaped == 'u') {
                // A surrogate pair is two escapes; copying each UTF-16 unit as it is joins them.
                out[length++] = (char) Integer.parseInt(raw, index, index + 4, 16);
                index += 4;
            } else {
                out[length++] = shortEscape(escaped);
            }
        }
        return new String(out, 0, length);
    }
}
