package dev.vigil.ingest.evtx;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Bytes#utf16}'s Latin-1 shortcut gives what the JDK's UTF-16LE decoder gives, on any bytes. */
class Utf16DecodeTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void sameTextAsTheJdkDecoder(int seed) {
        Random random = new Random(seed);
        int latin = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] data = new byte[random.nextInt(40)];
            boolean latinOnly = random.nextBoolean();
            for (int i = 0; i < data.length; i++) {
                int kind = random.nextInt(10);
                data[i] = (byte) (i % 2 == 1 && latinOnly ? 0
                        : kind < 6 ? 'a' + random.nextInt(26) : kind < 8 ? random.nextInt(256) : 0xD8 + random.nextInt(8));
            }
            if (latinOnly && data.length > 1 && random.nextInt(3) == 0) {
                // One code unit outside Latin-1, in any lane of the four the shortcut reads at once.
                data[1 + 2 * random.nextInt(data.length / 2)] = (byte) (1 + random.nextInt(255));
            }
            int offset = data.length == 0 ? 0 : random.nextInt(data.length);
            int length = random.nextInt(data.length - offset + 1);
            String expected = new String(data, offset, length, StandardCharsets.UTF_16LE);
            assertThat(Bytes.utf16(data, offset, length)).isEqualTo(expected);
            latin += expected.chars().allMatch(c -> c < 256) ? 1 : 0;
        }
        assertThat(latin).isGreaterThan(5_000);
    }
}
