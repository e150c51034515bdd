package dev.vigil.anomaly.nab;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NAB's readers on arbitrary bytes: they return or throw a {@link NabFormatException} naming the input; nothing else
 * may escape (Jazzer reports any other throwable).
 * In a plain {@code mvn test} these run once over the seed inputs in {@code NabFuzzTestInputs/}.
 */
class NabFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void csv(byte[] data) throws IOException {
        try {
            NabCsv.read(new ByteArrayInputStream(data), "fuzz.csv", "value", "anomaly_score");
        } catch (NabFormatException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.").doesNotEndWith(": null");
        }
    }

    @FuzzTest(maxDuration = "5s")
    void windows(byte[] data) throws IOException {
        try {
            NabJson.readWindows(new ByteArrayInputStream(data), "fuzz.json");
        } catch (NabFormatException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.").doesNotEndWith(": null");
        }
    }

    @FuzzTest(maxDuration = "5s")
    void profiles(byte[] data) throws IOException {
        try {
            NabJson.readProfiles(new ByteArrayInputStream(data), "fuzz.json");
        } catch (NabFormatException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.").doesNotEndWith(": null");
        }
    }

    @FuzzTest(maxDuration = "5s")
    void tarGz(byte[] data) throws IOException {
        try {
            TarGz.read(new ByteArrayInputStream(data), "fuzz.tar.gz", name -> true);
        } catch (NabFormatException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.").doesNotEndWith(": null");
        }
    }
}
