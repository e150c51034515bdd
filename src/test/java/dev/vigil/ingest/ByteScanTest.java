package dev.vigil.ingest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The masks' lowest marked byte is the first byte that passes the test, byte by byte, on words drawn from the
 * bytes at the tests' edges (so that borrows cross bytes often).
 */
class ByteScanTest {
    private static final int[] EDGES = {0x00, 0x01, 0x1F, 0x20, 0x21, '"', '\\', 'a', 'Z', 0x7E, 0x7F, 0x80, 0x81,
            0x9F, 0xA0, 0xDC, 0xE2, 0xFE, 0xFF};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void stringSpecialMarksTheFirstQuoteBackslashControlOrNonAsciiByte(long seed) {
        Random random = new Random(seed);
        int found = 0;
        for (int round = 0; round < 200_000; round++) {
            byte[] bytes = new byte[8];
            for (int i = 0; i < 8; i++) {
                bytes[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : EDGES[random.nextInt(EDGES.length)]);
            }
            int expected = -1;
            for (int i = 0; i < 8 && expected < 0; i++) {
                int b = bytes[i] & 0xFF;
                if (b == '"' || b == '\\' || b < 0x20 || b >= 0x80) {
                    expected = i;
                }
            }
            long word = ByteScan.word(bytes, 0);
            long mask = ByteScan.stringSpecial(word);
            if (expected < 0) {
                assertThat(mask).as("%016x", word).isZero();
            } else {
                found++;
                assertThat(ByteScan.first(mask)).as("%016x", word).isEqualTo(expected);
            }
        }
        assertThat(found).isBetween(100_000, 199_999);
    }
}
