package dev.vigil.ingest.evtx;

import dev.vigil.event.Value;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A type's {@linkplain ValueDecoder#alphabet alphabet} holds every character its rendering can write: a keyword
 * search skips a value whose alphabet cannot hold a keyword, so a character missing here would lose a detection.
 * Random bytes of every size up to 40 (a value too short for its type is written as hexadecimal), and the edge values
 * (all zero bits, all one bits, one bit set), for every type with an alphabet.
 */
class ValueAlphabetTest {

    @ParameterizedTest(name = "type 0x{0}")
    @ValueSource(ints = {0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13,
        0x14, 0x15})
    void everyRenderingStaysWithinItsTypesAlphabet(int type) {
        ValueDecoder.Alphabet alphabet = ValueDecoder.alphabet(type);
        assertThat(alphabet).as("type 0x%x has an alphabet", type).isNotNull();
        Random random = new Random(type);
        byte[] data = new byte[64];
        for (int n = 0; n < 20_000; n++) {
            int size = random.nextInt(41);
            switch (n % 4) {
                case 0 -> java.util.Arrays.fill(data, (byte) 0);
                case 1 -> java.util.Arrays.fill(data, (byte) -1);
                case 2 -> {
                    java.util.Arrays.fill(data, (byte) 0);
                    data[random.nextInt(size + 1)] = (byte) (1 << random.nextInt(8));
                }
                default -> random.nextBytes(data);
            }
            if (type == ValueDecoder.SID && n % 8 == 3) {
                data[1] = (byte) random.nextInt(6); // a sub-authority count that fits now and then
            }
            Value value = ValueDecoder.value(data, type, 0, size);
            if (value == null) {
                continue;
            }
            String text = value.text();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                assertThat(alphabet.holds(c))
                        .as("type 0x%x, %d bytes: '%s' in %s", type, size, c, text).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "type 0x{0}")
    @ValueSource(ints = {0x00, 0x01, 0x02, 0x0b, 0x0c, 0x81, 0x21, 0x16})
    void unboundedTypesHaveNone(int type) {
        assertThat(ValueDecoder.alphabet(type)).isNull();
    }
}
