package dev.vigil.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatchConfigTest {
    private static final Path FILE = Path.of("/etc/vigil/vigil.yml");

    @Test
    void readsEveryKey() throws Exception {
        WatchConfig config = WatchConfig.parse(FILE, """
                sources:
                  - file: /var/log/iis/u_ex*.log
                    format: w3c
                  - stdin: true
                  - syslog: {udp: 514}
                rules:
                  paths: [rules]
                  builtin: false
                state: state
                sinks:
                  console: true
                  jsonl: {path: /var/log/vigil/alerts.jsonl, max-bytes: 1048576, keep: 3}
                suppress: 10m
                lateness: 30s
                spool-max-bytes: 1048576
                """);
        assertThat(config.spoolMaxBytes()).isEqualTo(1048576);
        assertThat(config.sources()).hasSize(3);
        assertThat(config.sources().get(0)).isEqualTo(
                new WatchConfig.FileSource(Path.of("/var/log/iis/u_ex*.log"), "w3c", 2));
        assertThat(config.sources().get(1)).isEqualTo(new WatchConfig.StdinSource(null, 4));
        assertThat(config.sources().get(2)).isInstanceOfSatisfying(WatchConfig.ReceiverSource.class,
                r -> assertThat(r.kind()).isEqualTo("syslog"));
        assertThat(config.rulePaths()).containsExactly(Path.of("/etc/vigil/rules"));
        assertThat(config.builtIn()).isFalse();
        assertThat(config.state()).isEqualTo(Path.of("/etc/vigil/state"));
        assertThat(config.jsonl()).isEqualTo(new Watch.JsonlSink(Path.of("/var/log/vigil/alerts.jsonl"), 1048576, 3));
        assertThat(config.console()).isTrue();
        assertThat(config.suppress()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.lateness()).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            sources:\\n  - file: a.log\\nsuppres: 10m                            | vigil.yml:3: unknown key 'suppres'
            sources:\\n  - file: a.log\\nsuppress: ten minutes                  | vigil.yml:3: 'suppress': 'ten minutes' is not a duration
            sources:\\n  - file: a.log\\n  - nothing: here                      | vigil.yml:3: a source needs one of
            sources:\\n  - file: /var/*/a.log                                    | vigil.yml:2: wildcards are allowed in the file name only
            sources:\\n  - file: a.log\\nsinks:\\n  jsonl: {keep: 2}              | vigil.yml:4: 'sinks.jsonl' needs a 'path'
            sources:\\n  - file: a.log\\nsinks:\\n  jsonl: {path: a, keep: -1}    | vigil.yml:4: 'keep' must be a whole number
            sources:\\n  - file: a.log\\nrules: {builtin: maybe}                | vigil.yml:3: 'rules.builtin' must be true or false
            sources:\\n  - file: a.log\\nspool-max-bytes: 0                     | vigil.yml:3: 'spool-max-bytes' must be at least 65536, not 0
            sources: []                                                         | vigil.yml:1: 'sources' is empty
            state: x                                                            | vigil.yml:1: 'sources' is missing
            sources:\\n  - file: [a.log                                          | vigil.yml:
            """)
    void errorsNameTheFileAndLine(String text, String expected) {
        assertThatThrownBy(() -> WatchConfig.parse(Path.of("vigil.yml"), text.replace("\\n", "\n")))
                .isInstanceOf(WatchConfig.ConfigException.class)
                .hasMessageStartingWith(expected);
    }
}
