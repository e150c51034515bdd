package dev.vigil.runtime;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two things {@code vigil watch} parses: its configuration (only {@link WatchConfig.ConfigException} may escape,
 * and its message names the file) and its checkpoint file (only IOException may escape).
 */
class WatchFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void config(byte[] data) {
        try {
            WatchConfig.parse(Path.of("/fuzz/vigil.yml"), new String(data, StandardCharsets.UTF_8));
        } catch (WatchConfig.ConfigException e) {
            assertThat(e.getMessage()).startsWith("/fuzz/vigil.yml");
        }
    }

    @FuzzTest(maxDuration = "5s")
    void checkpoint(byte[] data) throws IOException {
        Path dir = Files.createTempDirectory("vigil-fuzz");
        try {
            Files.write(dir.resolve(Checkpoint.NAME), data);
            try {
                Checkpoint.read(dir);
            } catch (IOException e) {
                assertThat(e.getMessage()).contains(Checkpoint.NAME);
            }
        } finally {
            Files.deleteIfExists(dir.resolve(Checkpoint.NAME));
            Files.delete(dir);
        }
    }
}
