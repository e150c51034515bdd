package dev.vigil.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Searches bytes eight at a time ("SIMD within a register"): a little-endian {@code long} read of eight bytes, and
 * masks with the high bit set in each byte that matches a test.
 *
 * <p>Design: the tests are the zero-byte and less-than tricks of Hacker's Delight (Warren, 2nd ed., §6-1). A borrow
 * can mark a byte above a true match falsely, never one below it, so the lowest marked byte is always exact, which
 * is all a forward search needs; masks of several tests may be ORed for the same reason.
 */
public final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private ByteScan() {
    }

    /** The eight bytes from {@code index}, the first in the lowest bits; {@code index + 8} must be in bounds. */
    public static long word(byte[] bytes, int index) {
        return (long) LONGS.get(bytes, index);
    }

    /** Marks the bytes of {@code word} equal to {@code value} (lowest mark exact). */
    public static long equalTo(long word, byte value) {
        long difference = word ^ (ONES * (value & 0xff));
        return (difference - ONES) & ~difference & HIGH_BITS;
    }

    /**
     * Marks the bytes of {@code word} that end or interrupt a run of plain JSON string text: a quote, a backslash, a
     * control character (below 0x20) or a byte outside ASCII (lowest mark exact): {@link #equalTo} twice, the
     * less-than test for 0x20 ({@code (word - 0x20…) & ~word}) and the high bits, ORed with the high bits masked
     * once; {@code (word - 0x20…) & ~word | word} is {@code (word - 0x20…) | word}.
     */
    public static long stringSpecial(long word) {
        long quote = word ^ (ONES * '"');
        long backslash = word ^ (ONES * '\\');
        return ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash | (word - ONES * 0x20) | word) & HIGH_BITS;
    }

    /** The offset in its word of the lowest marked byte of a non-zero mask. */
    public static int first(long mask) {
        return Long.numberOfTrailingZeros(mask) >>> 3;
    }

    /** The index of the first {@code value} in {@code [from, to)}, or -1. */
    public static int indexOf(byte[] bytes, int from, int to, byte value) {
        int index = from;
        for (; index + Long.BYTES <= to; index += Long.BYTES) {
            long mask = equalTo(word(bytes, index), value);
            if (mask != 0) {
                return index + first(mask);
            }
        }
        for (; index < to; index++) {
            if (bytes[index] == value) {
                return index;
            }
        }
        return -1;
    }
}
