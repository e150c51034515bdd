package dev.vigil.ingest.evtx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian reads from a byte array, each checked against a limit; a read past it is {@link Malformed}. */
final class Bytes {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    /**
     * The UTF-16LE text of {@code length} bytes, as {@code new String(data, offset, length, UTF_16LE)} gives it.
     * Most EVTX text is Latin-1 (every high byte zero): that is copied to a Latin-1 string directly, without the
     * general decoder, which a profile of a hunt put among its top frames.
     */
    static String utf16(byte[] data, int offset, int length) {
        int chars = length >> 1;
        byte[] latin = new byte[chars];
        long high = 0;
        for (int i = 0; i < chars; i++) {
            latin[i] = data[offset + 2 * i];
            high |= data[offset + 2 * i + 1];
        }
        if (high == 0 && (length & 1) == 0) {
            return new String(latin, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return new String(data, offset, length, java.nio.charset.StandardCharsets.UTF_16LE);
    }

    static void check(int offset, int length, int limit) {
        if (offset < 0 || length < 0 || offset > limit - length) {
            throw new Malformed("structure at offset 0x" + Integer.toHexString(offset) + " runs past its end (0x"
                    + Integer.toHexString(limit) + ")");
        }
    }

    static int u8(byte[] data, int offset, int limit) {
        check(offset, 1, limit);
        return data[offset] & 0xff;
    }

    static int u16(byte[] data, int offset, int limit) {
        check(offset, 2, limit);
        return (short) SHORT.get(data, offset) & 0xffff;
    }

    static int i32(byte[] data, int offset, int limit) {
        check(offset, 4, limit);
        return (int) INT.get(data, offset);
    }

    /** An unsigned 32-bit value that must fit an int (offsets, sizes, counts). */
    static int u31(byte[] data, int offset, int limit) {
        int value = i32(data, offset, limit);
        if (value < 0) {
            throw new Malformed("size or offset 0x" + Integer.toHexString(value) + " at 0x" + Integer.toHexString(offset)
                    + " is out of range");
        }
        return value;
    }

    static long i64(byte[] data, int offset, int limit) {
        check(offset, 8, limit);
        return (long) LONG.get(data, offset);
    }

    /** Unchecked reads for callers that have checked the range already. */
    static int u16(byte[] data, int offset) {
        return (short) SHORT.get(data, offset) & 0xffff;
    }

    static int i32(byte[] data, int offset) {
        return (int) INT.get(data, offset);
    }

    static long i64(byte[] data, int offset) {
        return (long) LONG.get(data, offset);
    }
}
