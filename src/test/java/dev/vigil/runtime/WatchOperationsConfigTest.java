package dev.vigil.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code queue:} and {@code metrics:} keys of the watch configuration. */
class WatchOperationsConfigTest {
    private static final Path FILE = Path.of("vigil.yml");

    @Test
    void boundsAndMetricsAddressAreReadAndDefaulted() throws Exception {
        WatchConfig config = WatchConfig.parse(FILE, """
                sources:
                  - http: {listen: "127.0.0.1:0"}
                queue: {max-records: 500, max-bytes: 1048576}
                metrics: {listen: "127.0.0.1:9464"}
                """);
        assertThat(config.operations().queue()).isEqualTo(new IngestQueue.Limits(500, 1_048_576));
        assertThat(config.operations().metricsListen()).isEqualTo("127.0.0.1:9464");
        WatchConfig plain = WatchConfig.parse(FILE, "sources:\n  - stdin: true\n");
        assertThat(plain.operations().queue()).isEqualTo(IngestQueue.Limits.DEFAULT);
        assertThat(plain.operations().metricsListen()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "queue: {max-records: 0}|vigil.yml:3: 'queue.max-records' must be 1 to 10000000, not 0",
            "queue: {max-bytes: 10}|vigil.yml:3: 'queue.max-bytes' must be at least 1024, not 10",
            "queue: {max-records: -4}|vigil.yml:3: 'queue.max-records' must be a whole number of at least 0",
            "queue: {size: 4}|vigil.yml:3: unknown key 'size' (known: max-bytes, max-records)",
            "metrics: {port: 9}|vigil.yml:3: unknown key 'port' (known: listen)",
            "metrics: {}|vigil.yml:3: 'metrics' needs 'listen' (ADDRESS:PORT)",
    })
    void badSettingsNameTheLine(String line, String message) {
        assertThatThrownBy(() -> WatchConfig.parse(FILE, "sources:\n  - stdin: true\n" + line + "\n"))
                .isInstanceOf(WatchConfig.ConfigException.class).hasMessageStartingWith(message);
    }
}
