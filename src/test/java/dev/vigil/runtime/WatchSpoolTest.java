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

    private static final String RULES = WatchTest.RULES + """
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

    @Test
    void aFullSpoolHoldsTcpBackAndLosesNothing() throws Exception {
        Path file = dir.resolve("rules.yml");
        Files.writeString(file, WatchReceiversTest.SSH_RULE);
        RuleSet rules = new RuleLoader().addPath(file).build();
        dev.vigil.ingest.source.Metrics metrics = new dev.vigil.ingest.source.Metrics();
        Watch watch = new Watch(WatchTest.detector(rules), rules.correlations(), WatchTest.CLOCK,
                new Watch.Options(List.<FileTail.Pattern>of(), dir.resolve("state"),
                        new Watch.JsonlSink(dir.resolve("out/alerts.jsonl"), 0, 1), false, Duration.ZERO, Duration.ZERO), null);
        watch.spoolNetwork(600); // room for about four messages
        watch.start();
        try (watch; dev.vigil.ingest.source.SyslogTcpReceiver tcp = new dev.vigil.ingest.source.SyslogTcpReceiver(
                dev.vigil.ingest.source.SyslogTcpReceiver.Options.plain(new java.net.InetSocketAddress("127.0.0.1", 0)),
                watch.network(), metrics);
             java.net.Socket socket = new java.net.Socket("127.0.0.1", tcp.port())) {
            StringBuilder messages = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                messages.append("<38>Nov 22 10:00:").append(String.format("%02d", i))
                        .append(" web01 sshd[4242]: Failed password for root from 203.0.113.").append(i).append(" port 52144 ssh2\n");
            }
            socket.getOutputStream().write(messages.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            java.util.regex.Pattern heldBack = java.util.regex.Pattern.compile("vigil_source_backpressure_total\\{[^}]*} [1-9]");
            for (int i = 0; i < 300 && !heldBack.matcher(metricText(metrics)).find(); i++) {
                Thread.sleep(10);
            }
            assertThat(heldBack.matcher(metricText(metrics)).find()).as("the receiver held back").isTrue();
            assertThat(watch.network().hasRoom()).as("the spool is full").isFalse();
            assertThat(watch.counts().records()).as("nothing processed yet").isZero();
            for (int i = 0; i < 500 && watch.counts().records() < 20; i++) {
                watch.poll();
                watch.checkpoint(); // frees the spool: the receiver goes on reading
                Thread.sleep(5);
            }
            assertThat(watch.counts().records()).isEqualTo(20);
        }
        List<String> lines = Files.readAllLines(dir.resolve("out/alerts.jsonl"));
        assertThat(lines).hasSize(20);
        for (int i = 0; i < 20; i++) {
            String address = "203.0.113." + i + " ";
            assertThat(lines).as(address).filteredOn(line -> line.contains(address)).hasSize(1);
        }
    }

    private static String metricText(dev.vigil.ingest.source.Metrics metrics) throws IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        metrics.write(text);
        return text.toString();
    }
}
