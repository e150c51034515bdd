package dev.vigil.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code spool-max-bytes} and {@code metrics:} keys of the watch configuration. */
class WatchOperationsConfigTest {
    private static final Path FILE = Path.of("vigil.yml");

    @Test
    void boundsAndMetricsAddressAreReadAndDefaulted() throws Exception {
        WatchConfig config = WatchConfig.parse(FILE, """
                sources:
                  - http: {listen: "127.0.0.1:0"}
                spool-max-bytes: 1048576
                metrics: {listen: "127.0.0.1:9464"}
                """);
        assertThat(config.spoolMaxBytes()).isEqualTo(1_048_576);
        assertThat(config.operations().metricsListen()).isEqualTo("127.0.0.1:9464");
        WatchConfig plain = WatchConfig.parse(FILE, "sources:\n  - stdin: true\n");
        assertThat(plain.spoolMaxBytes()).isEqualTo(RecordSpool.DEFAULT_MAX_BYTES);
        assertThat(plain.operations().metricsListen()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spool-max-bytes: 0|vigil.yml:3: 'spool-max-bytes' must be at least 65536, not 0",
            "queue: {max-records: 5}|vigil.yml:3: unknown key 'queue'",
            "metrics: {port: 9}|vigil.yml:3: unknown key 'port' (known: listen)",
            "metrics: {}|vigil.yml:3: 'metrics' needs 'listen' (ADDRESS:PORT)",
    })
    void badSettingsNameTheLine(String line, String message) {
        assertThatThrownBy(() -> WatchConfig.parse(FILE, "sources:\n  - stdin: true\n" + line + "\n"))
                .isInstanceOf(WatchConfig.ConfigException.class).hasMessageStartingWith(message);
    }
}
