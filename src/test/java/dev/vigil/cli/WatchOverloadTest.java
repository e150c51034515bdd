package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reduced form of {@code tools/watch-overload.sh} (acceptance 5): {@code vigil watch} in its own process, with a
 * small ingest queue and a 256 MiB heap, is offered five times what it processes over HTTP, syslog TCP and syslog UDP
 * at once for a few seconds by the load generator ({@code dev.vigil.bench.WatchLoad}). The watch runs interpreted
 * ({@code -Xint}) so that a generator in the same test can offer five times its rate on this small machine: what is
 * tested is the behaviour when full, not the speed.
 */
class WatchOverloadTest {
    private static final int HEAP_MIB = 256;
    /** What the JVM needs besides its heap: metaspace, code, thread stacks, buffers. */
    private static final int OVERHEAD_MIB = 256;

    @TempDir
    Path dir;

    @Test
    void overloadAnswers429HoldsTcpBackCountsUdpDropsStaysInMemoryAndLosesNoAcceptedEvent() throws Exception {
        Path events = dir.resolve("events.jsonl");
        StringBuilder text = new StringBuilder();
        String padding = "x".repeat(600);
        for (int i = 0; i < 500; i++) {
            text.append("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Hostname\":\"WS").append(i % 7)
                    .append("\",\"Image\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"CommandLine\":\"cmd.exe /c whoami ")
                    .append(i).append(' ').append(padding).append("\",\"@timestamp\":\"")
                    .append(Instant.parse("2025-07-18T10:00:00Z").plusSeconds(i)).append("\"}\n");
        }
        Files.writeString(events, text, StandardCharsets.UTF_8);
        Path config = dir.resolve("vigil.yml");
        Files.writeString(config, """
                sources:
                  - syslog: {protocol: tcp, listen: "127.0.0.1:0"}
                    format: json
                  - syslog: {protocol: udp, listen: "127.0.0.1:0"}
                    format: json
                  - http: {listen: "127.0.0.1:0"}
                rules: {builtin: true}
                state: %s
                sinks:
                  jsonl: {path: %s}
                spool-max-bytes: 262144
                metrics: {listen: "127.0.0.1:0"}
                """.formatted(dir.resolve("state"), dir.resolve("alerts.jsonl")), StandardCharsets.UTF_8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process watch = new ProcessBuilder(java, "-Xint", "-Xmx" + HEAP_MIB + "m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "watch", "--config", config.toString(), "--poll", "20")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> lines = new ArrayList<>();
            CountDownLatch watching = new CountDownLatch(1);
            Thread errors = new Thread(() -> {
                try (BufferedReader err = new BufferedReader(new InputStreamReader(watch.getErrorStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = err.readLine()) != null) {
                        synchronized (lines) {
                            lines.add(line);
                        }
                        if (line.startsWith("watching")) {
                            watching.countDown();
                        }
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            });
            errors.setDaemon(true);
            errors.start();
            long t0 = System.nanoTime();
            assertThat(watching.await(120, TimeUnit.SECONDS)).as("watch started: %s", lines).isTrue();
            System.out.printf("WatchOverloadTest: watch started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            String log;
            synchronized (lines) {
                log = String.join("\n", lines);
            }
            String metrics = find(log, "^metrics: (http\\S+)$");
            String tcp = find(log, "^listening: syslog-tcp:\\S+ \\(port (\\d+)\\)$");
            String udp = find(log, "^listening: syslog-udp:\\S+ \\(port (\\d+)\\)$");
            String http = find(log, "^listening: http:\\S+ \\(port (\\d+)\\)$");
            Map<String, String> result = dev.vigil.bench.WatchLoad.overload(new String[] {"overload", events.toString(), "5",
                    "1", "3", metrics, Long.toString(watch.pid()), "http://127.0.0.1:" + http + "/ingest",
                    "127.0.0.1:" + tcp, "127.0.0.1:" + udp});
            String report = result.toString();
            System.out.println("WatchOverloadTest: " + report);
            assertThat(number(result, "processed_events")).as(report).isPositive();
            assertThat(number(result, "accepted_lost")).as("no accepted event lost: %s", report).isZero();
            assertThat(number(result, "http_429_responses")).as("HTTP 429 seen: %s", report).isPositive();
            assertThat(number(result, "http_429_counted")).as(report).isEqualTo(number(result, "http_429_responses"));
            assertThat(number(result, "http_other_failures")).as(report).isZero();
            assertThat(number(result, "udp_drops_counted")).as("UDP drops counted: %s", report).isPositive();
            assertThat(number(result, "udp_drops_uncounted")).as("drops = sent - received: %s", report).isZero();
            assertThat(number(result, "tcp_backpressure_seconds_counted")).as("TCP held back: %s", report).isPositive();
            assertThat(number(result, "heap_peak_used_mib")).as(report).isLessThanOrEqualTo(number(result, "heap_max_mib"));
            assertThat(number(result, "rss_peak_mib")).as("RSS under the bound: %s", report)
                    .isPositive().isLessThanOrEqualTo(HEAP_MIB + OVERHEAD_MIB);
        } finally {
            watch.destroy();
            if (!watch.waitFor(20, TimeUnit.SECONDS)) {
                watch.destroyForcibly();
            }
        }
    }

    private static double number(Map<String, String> result, String name) {
        assertThat(result).containsKey(name);
        return Double.parseDouble(result.get(name));
    }

    private static String find(String log, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(log);
        assertThat(matcher.find()).as("%s in %s", regex, log).isTrue();
        return matcher.group(1);
    }
}
