package dev.vigil.ingest.evtx;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OffsetTable} against a {@code HashMap}: random puts, replacements and look-ups over chunk-sized offsets. */
class OffsetTableTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 300, 5000, 20_000})
    void agreesWithAHashMap(int operations) {
        Random random = new Random(operations);
        OffsetTable<String> table = new OffsetTable<>();
        Map<Integer, String> expected = new HashMap<>();
        // Offsets from a narrow and a wide range, so that keys collide in the table and some are replaced.
        int range = operations < 1000 ? 64 : 0x20000;
        for (int n = 0; n < operations; n++) {
            int offset = random.nextInt(range);
            if (random.nextBoolean()) {
                String value = "v" + n;
                table.put(offset, value);
                expected.put(offset, value);
            }
            int probe = random.nextInt(range);
            assertThat(table.get(probe)).as("offset %d after %d operations", probe, n).isEqualTo(expected.get(probe));
        }
        for (int offset = 0; offset < range; offset++) {
            assertThat(table.get(offset)).isEqualTo(expected.get(offset));
        }
        assertThat(table.get(Integer.MAX_VALUE)).isNull();
        assertThat(table.get(-5)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE})
    void aNegativeOffsetIsRefused(int offset) {
        assertThatThrownBy(() -> new OffsetTable<String>().put(offset, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
