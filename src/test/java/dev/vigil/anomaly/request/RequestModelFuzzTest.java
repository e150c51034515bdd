package dev.vigil.anomaly.request;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.anomaly.ModelFormatException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model files are input too: on arbitrary bytes, reading either gives a model or a {@link ModelFormatException}
 * (Jazzer reports any other throwable), and a model that reads scores and explains a request without failing. In a
 * plain {@code mvn test} this runs once over the seeds in {@code RequestModelFuzzTestInputs/}.
 */
class RequestModelFuzzTest {
    private static final WebRequest PROBE = new WebRequest("GET", "/a", List.of(new WebRequest.Parameter("id", "1'")),
            List.of(new WebRequest.Header("host", "x")), "body");

    @FuzzTest(maxDuration = "5s")
    void read(byte[] data) throws IOException {
        RequestModel model;
        try {
            model = RequestModel.read(new ByteArrayInputStream(data), "fuzz");
        } catch (ModelFormatException rejected) {
            assertThat(rejected.getMessage()).startsWith("fuzz: ");
            return;
        }
        assertThat(model.score(PROBE)).isGreaterThanOrEqualTo(0);
        assertThat(model.explain(PROBE).score()).isGreaterThanOrEqualTo(0);
        model.learn(PROBE);
    }
}
