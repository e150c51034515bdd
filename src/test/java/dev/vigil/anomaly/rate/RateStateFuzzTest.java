package dev.vigil.anomaly.rate;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate model's saved-state reader on arbitrary bytes: it loads or throws a {@link RateStateException} naming the
 * field; nothing else may escape (Jazzer reports any other throwable). In a plain {@code mvn test} this runs once over the seed inputs in
 * {@code RateStateFuzzTestInputs/}.
 */
class RateStateFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void load(byte[] data) throws IOException {
        try {
            RateDetector detector = RateDetector.load(new ByteArrayInputStream(data));
            assertThat(detector.entities()).isLessThanOrEqualTo(data.length);
        } catch (RateStateException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
