package dev.vigil.runtime;

import dev.vigil.ingest.source.FileTail;
import dev.vigil.ingest.source.SourceRecord;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch with its network spool, in one JVM, "crashing" by closing without a checkpoint: records spooled but not
 * checkpointed are processed again after the restart, once; a correlation whose events straddle the crash, with
 * detections held for lateness at the moment of the crash, fires once.
 */
class WatchSpoolTest {
    @TempDir
    Path dir;

    private static final String RULES = """
            title: Failed login
            id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
            logsource: {product: windows, service: security}
            detection: {selection: {EventID: 4625}, condition: selection}
            level: low
            ---
            title: Burst
            correlation: {type: event_count, rules: [53ba33fd-3a50-4468-a5ef-c583635cfa92], group-by: [TargetUserName], timespan: 10m, condition: {gte: 4}}
            generate: true
            """;

    private Watch watch(RuleSet rules) {
        Watch watch = new Watch(WatchTest.detector(rules), rules.correlations(), WatchTest.CLOCK,
                new Watch.Options(List.<FileTail.Pattern>of(), dir.resolve("state"),
                        new Watch.JsonlSink(dir.resolve("out/alerts.jsonl"), 0, 1), false, Duration.ZERO,
                        Duration.ofSeconds(30)), null);
        watch.spoolNetwork(1 << 20);
        return watch;
    }

    private static List<SourceRecord> batch(int from, int to) {
        List<SourceRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            // alice fails every 20 s; the correlation needs 4 within 10 minutes
            out.add(new SourceRecord("http:127.0.0.1:8514", "json",
                    WatchTest.failedLogin(i * 20L, "alice").strip().getBytes(StandardCharsets.UTF_8), i + 1));
        }
        return out;
    }

    @Test
    void spooledRecordsAndHeldDetectionsSurviveACrashOnce() throws IOException {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, RULES);
        RuleSet rules = new RuleLoader().addPath(file).build();

        Watch first = watch(rules);
        first.start();
        assertThat(first.network().offerAll(batch(0, 3))).isTrue();
        first.poll();
        first.checkpoint(); // 3 events in: the window holds them (held for lateness: the watermark is 40 s)
        assertThat(first.network().offerAll(batch(3, 5))).isTrue();
        first.poll(); // processed, alerts written, but no checkpoint covers them: a "kill -9"
        first.close();

        try (Watch second = watch(rules)) {
            second.start();
            assertThat(second.network().offerAll(batch(5, 40))).isTrue(); // 40 × 20 s: past the lateness
            second.poll();
            second.checkpoint();
            assertThat(second.counts().records()).as("the 2 records after the checkpoint, again, and 35 new").isEqualTo(37);
        }
        Map<Integer, Integer> perPosition = new java.util.TreeMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("out/alerts.jsonl"));
        long correlations = lines.stream().filter(line -> line.contains("vigil.correlation")).count();
        long singles = lines.size() - correlations;
        lines.stream().filter(line -> !line.contains("vigil.correlation")).forEach(line ->
                perPosition.merge(Integer.parseInt(line.replaceAll(".*\"source_position\":(\\d+).*", "$1")) , 1, Integer::sum));
        assertThat(singles).isEqualTo(40);
        assertThat(perPosition).as("one alert per spool position").hasSize(40);
        // 40 events at 20 s: windows of 4 fire at events 4, 8, … but those within 30 s of the last are still held
        assertThat(correlations).isEqualTo(9);
    }
}
