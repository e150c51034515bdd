package dev.vigil.runtime;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code vigil watch} parses: its configuration (only {@link WatchConfig.ConfigException} may escape, and its
 * message names the file), its checkpoint file, the segments of its network spool and the correlation state in the
 * checkpoint (only IOException may escape, naming the file).
 */
class WatchFuzzTest {
    private static final dev.vigil.rules.RuleSet RULES = rules();
    private static final dev.vigil.engine.Detector DETECTOR = WatchTest.detector(RULES);

    private static dev.vigil.rules.RuleSet rules() {
        try {
            Path file = Files.createTempFile("vigil-fuzz", ".yml");
            Files.writeString(file, WatchTest.RULES + """
                    ---
                    title: Burst
                    correlation: {type: event_count, rules: [53ba33fd-3a50-4468-a5ef-c583635cfa92], group-by: [TargetUserName], timespan: 2m, condition: {gte: 3}}
                    ---
                    title: Spread
                    correlation: {type: value_count, rules: [53ba33fd-3a50-4468-a5ef-c583635cfa92], group-by: [TargetUserName], timespan: 2m, condition: {field: IpAddress, lt: 3}}
                    """);
            dev.vigil.rules.RuleSet set = new dev.vigil.rules.RuleLoader().addPath(file).build();
            Files.delete(file);
            return set;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Arbitrary bytes as the last segment of the spool, then as one before it: opened and read to the end. */
    @FuzzTest(maxDuration = "5s")
    void spoolSegment(byte[] data) throws IOException {
        Path dir = Files.createTempDirectory("vigil-fuzz");
        try {
            Path segment = dir.resolve("0000000000000000000.seg");
            for (boolean last : new boolean[] {true, false}) {
                Files.write(segment, data);
                if (!last) {
                    Files.write(dir.resolve("0000000000100000000.seg"), "VGSPOOL1".getBytes(StandardCharsets.US_ASCII));
                }
                try (RecordSpool spool = RecordSpool.open(dir, 1 << 20, 0)) {
                    int[] records = {0};
                    while (spool.poll(1000, record -> ++records[0] > 0) > 0) {
                        assertThat(records[0]).isLessThanOrEqualTo(data.length);
                    }
                } catch (IOException e) {
                    assertThat(e.getMessage()).startsWith(segment.toString());
                }
            }
        } finally {
            deleteFolder(dir);
        }
    }

    /** Arbitrary bytes as the correlation state of a checkpoint: a watch starts from it, or stops naming the file. */
    @FuzzTest(maxDuration = "5s")
    void correlationState(byte[] data) throws IOException {
        Path dir = Files.createTempDirectory("vigil-fuzz");
        try {
            new Checkpoint(java.util.Map.of(), 0, java.util.Map.of(), java.util.Map.of(), 0, data).write(dir);
            try (Watch watch = new Watch(DETECTOR, RULES.correlations(), WatchTest.CLOCK,
                    new Watch.Options(java.util.List.of(), dir, null, false, java.time.Duration.ZERO,
                            java.time.Duration.ofSeconds(30)), null)) {
                watch.start();
                watch.offer(new dev.vigil.ingest.source.SourceRecord("fuzz", "json",
                        WatchTest.failedLogin(0, "alice").strip().getBytes(StandardCharsets.UTF_8), 1));
                watch.finish();
            } catch (Checkpoint.CorruptException e) {
                assertThat(e.getMessage()).startsWith(dir.resolve(Checkpoint.NAME).toString());
            }
        } finally {
            deleteFolder(dir);
        }
    }
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

    private static void deleteFolder(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
