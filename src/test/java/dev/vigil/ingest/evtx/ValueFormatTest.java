package dev.vigil.ingest.evtx;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FILETIME and GUID values are written as before they were formatted into a character array: the reference below is
 * the earlier {@code StringBuilder} code, compared on random values over the whole range.
 */
class ValueFormatTest {
    private static final long FILETIME_EPOCH = 116_444_736_000_000_000L;

    @Test
    void filetimesAreWrittenAsBefore() {
        Random random = new Random(5);
        long[] edges = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, FILETIME_EPOCH, FILETIME_EPOCH - 1,
                2_650_467_743_999_999_999L, 2_650_467_744_000_000_000L};
        for (long value : edges) {
            assertThat(ValueDecoder.filetime(value)).isEqualTo(reference(value));
        }
        for (int i = 0; i < 300_000; i++) {
            long value = switch (i % 3) {
                case 0 -> random.nextLong();
                case 1 -> FILETIME_EPOCH + (long) (random.nextDouble() * 20_000_000_000_000_000L);
                default -> random.nextLong() >>> random.nextInt(64);
            };
            assertThat(ValueDecoder.filetime(value)).as("%d", value).isEqualTo(reference(value));
        }
    }

    @Test
    void guidsAreWrittenAsBefore() {
        Random random = new Random(6);
        byte[] data = new byte[64];
        for (int i = 0; i < 100_000; i++) {
            random.nextBytes(data);
            int offset = random.nextInt(48);
            assertThat(ValueDecoder.guid(data, offset)).isEqualTo(referenceGuid(data, offset));
        }
    }

    private static String reference(long filetime) {
        if (filetime == 0) {
            return "1601-01-01T00:00:00.0000000Z";
        }
        long sinceEpoch = filetime - FILETIME_EPOCH;
        if (filetime < 0) {
            return "0x" + Long.toHexString(filetime);
        }
        long seconds = Math.floorDiv(sinceEpoch, 10_000_000L);
        int ticks = (int) Math.floorMod(sinceEpoch, 10_000_000L);
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder builder = new StringBuilder(28);
        pad(builder, time.getYear(), 4).append('-');
        pad(builder, time.getMonthValue(), 2).append('-');
        pad(builder, time.getDayOfMonth(), 2).append('T');
        pad(builder, time.getHour(), 2).append(':');
        pad(builder, time.getMinute(), 2).append(':');
        pad(builder, time.getSecond(), 2).append('.');
        return pad(builder, ticks, 7).append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder builder, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            builder.append('0');
        }
        return builder.append(digits);
    }

    private static String referenceGuid(byte[] data, int offset) {
        String hex = "0123456789ABCDEF";
        StringBuilder builder = new StringBuilder(38).append('{');
        long first = Bytes.i32(data, offset) & 0xffffffffL;
        for (int shift = 28; shift >= 0; shift -= 4) {
            builder.append(hex.charAt((int) (first >> shift) & 0xf));
        }
        builder.append('-');
        for (int part : new int[] {Bytes.u16(data, offset + 4), Bytes.u16(data, offset + 6)}) {
            for (int shift = 12; shift >= 0; shift -= 4) {
                builder.append(hex.charAt((part >> shift) & 0xf));
            }
            builder.append('-');
        }
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                builder.append('-');
            }
            builder.append(hex.charAt((data[offset + i] >> 4) & 0xf)).append(hex.charAt(data[offset + i] & 0xf));
        }
        return builder.append('}').toString();
    }
}
