package dev.vigil.ingest.evtx;

import dev.vigil.event.Value;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders substitution values as Windows renders them in event XML: GUIDs upper case in braces, hexadecimal
 * integers as {@code 0x…} in lower case, FILETIME and SYSTEMTIME as ISO-8601 UTC, binary as upper-case hex, SIDs
 * as {@code S-1-…}. Integers become {@link Value.Number}, so that numeric comparisons work.
 */
final class ValueDecoder {
    static final int NULL = 0x00;
    static final int STRING = 0x01;
    static final int ANSI = 0x02;
    static final int INT8 = 0x03;
    static final int UINT8 = 0x04;
    static final int INT16 = 0x05;
    static final int UINT16 = 0x06;
    static final int INT32 = 0x07;
    static final int UINT32 = 0x08;
    static final int INT64 = 0x09;
    static final int UINT64 = 0x0a;
    static final int REAL32 = 0x0b;
    static final int REAL64 = 0x0c;
    static final int BOOL = 0x0d;
    static final int BINARY = 0x0e;
    static final int GUID = 0x0f;
    static final int SIZE_T = 0x10;
    static final int FILETIME = 0x11;
    static final int SYSTEMTIME = 0x12;
    static final int SID = 0x13;
    static final int HEX32 = 0x14;
    static final int HEX64 = 0x15;
    static final int ARRAY = 0x80;

    /** 100 ns intervals between 1601-01-01 and 1970-01-01. */
    private static final long FILETIME_EPOCH = 116_444_736_000_000_000L;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final Charset ANSI_CHARSET = windows1252();

    private ValueDecoder() {
    }

    private static Charset windows1252() {
        try {
            return Charset.forName("windows-1252");
        } catch (IllegalArgumentException unsupported) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    /** Upper-case hexadecimal digits: what {@link #binary} writes, also for a value too short for its type. */
    private static final String HEX_DIGITS = new String(HEX);

    /** A set of ASCII characters as bits: character {@code c} is bit {@code c & 63} of {@code low} ({@code c < 64}) or {@code high}. */
    record Alphabet(long low, long high) {
        boolean holds(char c) {
            return c < 128 && ((c < 64 ? low : high) & 1L << c) != 0;
        }
    }

    /**
     * The ASCII characters {@link #value}'s text may hold for a value of a type; {@code null} for the types whose text
     * is not bounded so (strings, reals, arrays and unknown types). {@code ValueAlphabetTest} checks them against the
     * renderings.
     */
    static Alphabet alphabet(int type) {
        return type >= 0 && type < ALPHABETS.length ? ALPHABETS[type] : null;
    }

    private static final Alphabet[] ALPHABETS = alphabets();

    private static Alphabet[] alphabets() {
        Alphabet[] alphabets = new Alphabet[HEX64 + 1];
        for (int type : new int[] {INT8, INT16, INT32, INT64}) {
            alphabets[type] = bits("-" + HEX_DIGITS);
        }
        for (int type : new int[] {UINT8, UINT16, UINT32, UINT64}) {
            alphabets[type] = bits(HEX_DIGITS);
        }
        alphabets[BOOL] = bits("truefals" + HEX_DIGITS);
        alphabets[BINARY] = bits(HEX_DIGITS);
        alphabets[GUID] = bits("{}-" + HEX_DIGITS);
        for (int type : new int[] {SIZE_T, HEX32, HEX64}) {
            alphabets[type] = bits("xabcdef" + HEX_DIGITS);
        }
        alphabets[FILETIME] = bits("-T:.Zxabcdef" + HEX_DIGITS);
        alphabets[SYSTEMTIME] = bits("-T:.Z" + HEX_DIGITS);
        alphabets[SID] = bits("S-" + HEX_DIGITS);
        return alphabets;
    }

    private static Alphabet bits(String characters) {
        long[] bits = new long[2];
        for (int i = 0; i < characters.length(); i++) {
            char c = characters.charAt(i);
            bits[c >> 6] |= 1L << c;
        }
        return new Alphabet(bits[0], bits[1]);
    }

    /** The value, or {@code null} for a NULL value. */
    static Value value(byte[] data, int type, int offset, int size) {
        if ((type & ARRAY) != 0) {
            List<String> items = items(data, type & ~ARRAY, offset, size);
            if (items.isEmpty()) {
                return Value.text("");
            }
            List<Value> values = new ArrayList<>(items.size());
            for (String item : items) {
                values.add(isNumeric(type & ~ARRAY) ? new Value.Number(item) : Value.text(item));
            }
            return new Value.Array(values);
        }
        String text = text(data, type, offset, size);
        if (text == null) {
            return null;
        }
        if (type == BOOL) {
            return new Value.Bool(text.equals("true"));
        }
        return isNumeric(type) ? new Value.Number(text) : Value.text(text);
    }

    private static boolean isNumeric(int type) {
        return (type >= INT8 && type <= REAL64) || type == HEX32 || type == HEX64 || type == SIZE_T;
    }

    /** The value as text, or {@code null} for a NULL value; arrays are joined with commas. */
    static String text(byte[] data, int type, int offset, int size) {
        if ((type & ARRAY) != 0) {
            return String.join(",", items(data, type & ~ARRAY, offset, size));
        }
        return switch (type) {
            case NULL -> null;
            case STRING -> utf16(data, offset, size);
            case ANSI -> ansi(data, offset, size);
            case INT8 -> size >= 1 ? Integer.toString(data[offset]) : binary(data, offset, size);
            case UINT8 -> size >= 1 ? Integer.toString(data[offset] & 0xff) : binary(data, offset, size);
            case INT16 -> size >= 2 ? Integer.toString((short) Bytes.u16(data, offset)) : binary(data, offset, size);
            case UINT16 -> size >= 2 ? Integer.toString(Bytes.u16(data, offset)) : binary(data, offset, size);
            case INT32 -> size >= 4 ? Integer.toString(Bytes.i32(data, offset)) : binary(data, offset, size);
            case UINT32 -> size >= 4 ? Integer.toUnsignedString(Bytes.i32(data, offset)) : binary(data, offset, size);
            case INT64 -> size >= 8 ? Long.toString(Bytes.i64(data, offset)) : binary(data, offset, size);
            case UINT64 -> size >= 8 ? Long.toUnsignedString(Bytes.i64(data, offset)) : binary(data, offset, size);
            case REAL32 -> size >= 4 ? real(Float.intBitsToFloat(Bytes.i32(data, offset))) : binary(data, offset, size);
            case REAL64 -> size >= 8 ? real(Double.longBitsToDouble(Bytes.i64(data, offset))) : binary(data, offset, size);
            case BOOL -> size >= 1 ? (nonZero(data, offset, Math.min(size, 4)) ? "true" : "false") : binary(data, offset, size);
            case GUID -> size >= 16 ? guid(data, offset) : binary(data, offset, size);
            case SIZE_T, HEX32, HEX64 -> hex(data, offset, size);
            case FILETIME -> size >= 8 ? filetime(Bytes.i64(data, offset)) : binary(data, offset, size);
            case SYSTEMTIME -> size >= 16 ? systemtime(data, offset) : binary(data, offset, size);
            case SID -> sid(data, offset, size);
            default -> binary(data, offset, size);
        };
    }

    /** A FILETIME as an instant, or {@code null} when it is zero or out of range. */
    static Instant instant(long filetime) {
        if (filetime <= 0) {
            return null;
        }
        long sinceEpoch = filetime - FILETIME_EPOCH;
        return Instant.ofEpochSecond(Math.floorDiv(sinceEpoch, 10_000_000L), Math.floorMod(sinceEpoch, 10_000_000L) * 100);
    }

    static String filetime(long filetime) {
        if (filetime == 0) {
            return "1601-01-01T00:00:00.0000000Z";
        }
        long sinceEpoch = filetime - FILETIME_EPOCH;
        if (filetime < 0) {
            return "0x" + Long.toHexString(filetime);
        }
        long seconds = Math.floorDiv(sinceEpoch, 10_000_000L);
        int ticks = (int) Math.floorMod(sinceEpoch, 10_000_000L);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int time = (int) Math.floorMod(seconds, 86_400L);
        // years 1601 to 30828: written with as many digits as they have (at least four)
        int yearDigits = date.getYear() > 9999 ? 5 : 4;
        char[] text = new char[24 + yearDigits];
        int at = digits(text, 0, date.getYear(), yearDigits);
        text[at++] = '-';
        at = digits(text, at, date.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, date.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, time / 3600, 2);
        text[at++] = ':';
        at = digits(text, at, time / 60 % 60, 2);
        text[at++] = ':';
        at = digits(text, at, time % 60, 2);
        text[at++] = '.';
        at = digits(text, at, ticks, 7);
        text[at] = 'Z';
        return new String(text);
    }

    /** A non-negative number in exactly {@code width} digits, zero-padded; returns the position after them. */
    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    private static String systemtime(byte[] data, int offset) {
        StringBuilder builder = new StringBuilder(24);
        pad(builder, Bytes.u16(data, offset), 4).append('-');
        pad(builder, Bytes.u16(data, offset + 2), 2).append('-');
        pad(builder, Bytes.u16(data, offset + 6), 2).append('T');
        pad(builder, Bytes.u16(data, offset + 8), 2).append(':');
        pad(builder, Bytes.u16(data, offset + 10), 2).append(':');
        pad(builder, Bytes.u16(data, offset + 12), 2).append('.');
        return pad(builder, Bytes.u16(data, offset + 14), 3).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder builder, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            builder.append('0');
        }
        return builder.append(digits);
    }

    private static String utf16(byte[] data, int offset, int size) {
        return Bytes.utf16(data, offset, utf16End(data, offset, size) - offset);
    }

    /**
     * Where the text of a {@link #STRING} value of {@code size} bytes at {@code offset} ends: after its last whole
     * code unit (an odd last byte is dropped), trailing NULs left out. Its text is the UTF-16LE decoding of the bytes
     * from {@code offset} to there.
     */
    static int utf16End(byte[] data, int offset, int size) {
        int end = offset + (size & ~1);
        while (end > offset && data[end - 1] == 0 && data[end - 2] == 0) {
            end -= 2;
        }
        return end;
    }

    private static String ansi(byte[] data, int offset, int size) {
        int end = offset + size;
        while (end > offset && data[end - 1] == 0) {
            end--;
        }
        return new String(data, offset, end - offset, ANSI_CHARSET);
    }

    private static boolean nonZero(byte[] data, int offset, int size) {
        for (int i = 0; i < size; i++) {
            if (data[offset + i] != 0) {
                return true;
            }
        }
        return false;
    }

    private static String real(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String hex(byte[] data, int offset, int size) {
        if (size == 4) {
            return "0x" + Integer.toHexString(Bytes.i32(data, offset));
        }
        if (size == 8) {
            return "0x" + Long.toHexString(Bytes.i64(data, offset));
        }
        return binary(data, offset, size);
    }

    static String guid(byte[] data, int offset) {
        char[] text = new char[38];
        text[0] = '{';
        int at = hexDigits(text, 1, Bytes.i32(data, offset) & 0xffffffffL, 8);
        text[at++] = '-';
        at = hexDigits(text, at, Bytes.u16(data, offset + 4), 4);
        text[at++] = '-';
        at = hexDigits(text, at, Bytes.u16(data, offset + 6), 4);
        text[at++] = '-';
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                text[at++] = '-';
            }
            text[at++] = HEX[(data[offset + i] >> 4) & 0xf];
            text[at++] = HEX[data[offset + i] & 0xf];
        }
        text[at] = '}';
        return new String(text);
    }

    private static int hexDigits(char[] text, int at, long value, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            text[at++] = HEX[(int) (value >> shift) & 0xf];
        }
        return at;
    }

    private static String sid(byte[] data, int offset, int size) {
        if (size < 8) {
            return binary(data, offset, size);
        }
        int revision = data[offset] & 0xff;
        int count = data[offset + 1] & 0xff;
        if (size < 8 + 4 * count) {
            return binary(data, offset, size);
        }
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = (authority << 8) | (data[offset + i] & 0xff);
        }
        StringBuilder builder = new StringBuilder(48).append("S-").append(revision).append('-').append(authority);
        for (int i = 0; i < count; i++) {
            builder.append('-').append(Integer.toUnsignedString(Bytes.i32(data, offset + 8 + 4 * i)));
        }
        return builder.toString();
    }

    static String binary(byte[] data, int offset, int size) {
        char[] text = new char[2 * size];
        for (int i = 0; i < size; i++) {
            text[2 * i] = HEX[(data[offset + i] >> 4) & 0xf];
            text[2 * i + 1] = HEX[data[offset + i] & 0xf];
        }
        return new String(text);
    }

    /** The items of an array value: strings separated by NULs, fixed-size types back to back. */
    private static List<String> items(byte[] data, int type, int offset, int size) {
        List<String> items = new ArrayList<>();
        if (type == STRING) {
            int start = offset;
            int end = offset + (size & ~1);
            for (int i = offset; i < end; i += 2) {
                if (data[i] == 0 && data[i + 1] == 0) {
                    items.add(Bytes.utf16(data, start, i - start));
                    start = i + 2;
                }
            }
            if (start < end) {
                items.add(Bytes.utf16(data, start, end - start));
            }
            return items;
        }
        if (type == ANSI) {
            int start = offset;
            for (int i = offset; i < offset + size; i++) {
                if (data[i] == 0) {
                    items.add(new String(data, start, i - start, ANSI_CHARSET));
                    start = i + 1;
                }
            }
            if (start < offset + size) {
                items.add(new String(data, start, offset + size - start, ANSI_CHARSET));
            }
            return items;
        }
        int width = width(type);
        if (width == 0) {
            items.add(binary(data, offset, size));
            return items;
        }
        for (int at = offset; at + width <= offset + size; at += width) {
            items.add(text(data, type, at, width));
        }
        return items;
    }

    private static int width(int type) {
        return switch (type) {
            case INT8, UINT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32, REAL32, BOOL, HEX32 -> 4;
            case INT64, UINT64, REAL64, FILETIME, HEX64 -> 8;
            case GUID, SYSTEMTIME -> 16;
            default -> 0;
        };
    }
}
