package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil watch} refuses a file source configured as EVTX, naming the configuration line. */
class WatchEvtxCliTest {
    @TempDir
    Path dir;

    @Test
    void anEvtxFileSourceIsAUsageErrorNamingTheLine() throws Exception {
        Files.writeString(dir.resolve("vigil.yml"), """
                sources:
                  - file: logs/Security.evtx
                    format: evtx
                state: state
                """);
        CliRun run = CliRun.of("watch", "--config", dir.resolve("vigil.yml").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("vigil.yml:2: watch cannot follow EVTX files").doesNotContain("Exception");
    }
}
