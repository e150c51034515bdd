package dev.vigil.exposure;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exposure parsers on arbitrary bytes: a clear {@link DataException} or a result, nothing else (Jazzer reports
 * any other throwable). In a plain {@code mvn test} these run once over the seeds in {@code ExposureFuzzTestInputs/}.
 */
class ExposureFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void csvInventory(byte[] data) throws IOException {
        inventory(data, "fuzz.csv");
    }

    @FuzzTest(maxDuration = "5s")
    void jsonInventory(byte[] data) throws IOException {
        inventory(data, "fuzz.json");
    }

    @FuzzTest(maxDuration = "5s")
    void kevCatalogue(byte[] data) throws IOException {
        try {
            KevCatalog catalogue = KevCatalog.read(new ByteArrayInputStream(data), "fuzz.json");
            assertThat(catalogue.entries().size()).isLessThanOrEqualTo(data.length);
        } catch (DataException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz.json");
        }
    }

    @FuzzTest(maxDuration = "5s")
    void buildNumbers(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            Build build = Build.parse(text);
            assertThat(Build.parse(build.toString())).isEqualTo(build);
        } catch (DataException expected) {
            assertThat(expected.getMessage()).contains("is not a build number");
        }
        BuildCollector.parseVersionHeader(text);
    }

    private static void inventory(byte[] data, String name) throws IOException {
        ExposureChecker checker = new ExposureChecker(ExposureData.bundled());
        try {
            for (Inventory.Entry entry : Inventory.read(data, name)) {
                assertThat(entry.location()).startsWith(name + ":");
                try {
                    checker.assess(Inventory.target(entry, checker));
                } catch (DataException expected) {
                    assertThat(expected.getMessage()).startsWith(entry.location());
                }
            }
        } catch (DataException expected) {
            assertThat(expected.getMessage()).startsWith(name);
        }
    }
}
