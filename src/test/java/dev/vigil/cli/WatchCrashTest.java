package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5, acceptance 1 (the file part): {@code vigil watch} runs in its own JVM while this test appends known
 * events (one expected alert each) to a log that rotates by rename; the watcher is killed with SIGKILL at random
 * moments and restarted; at the end every expected alert is in the (rotating) JSONL sink exactly once.
 * {@code -Dvigil.crash.kills=20} for the twenty kills (the suite runs 4); {@code -Dvigil.crash.seed=N} to
 * replay a run.
 */
class WatchCrashTest {
    private static final Instant T0 = Instant.parse("2025-07-18T10:00:00Z");
    private static final Pattern USER = Pattern.compile("TargetUserName\":\"user-(\\d+)\"");

    @TempDir
    Path dir;

    private int written;
    private int rotations;

    @Test
    void killedAtRandomMomentsEveryAlertOnce() throws Exception {
        int kills = Integer.getInteger("vigil.crash.kills", 4);
        long seed = Long.getLong("vigil.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Files.writeString(dir.resolve("rules.yml"), """
                title: Failed login
                id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
                logsource: {product: windows, service: security}
                detection:
                    selection: {EventID: 4625}
                    condition: selection
                level: low
                """);
        Files.writeString(dir.resolve("vigil.yml"), """
                sources:
                  - file: logs/security.log
                    format: json
                rules: {paths: [rules.yml], builtin: false}
                state: state
                sinks:
                  console: false
                  jsonl: {path: out/alerts.jsonl, max-bytes: 50000, keep: 100000}
                """);
        Files.createDirectories(dir.resolve("logs"));
        int behindAtKill = 0;
        for (int kill = 0; kill < kills; kill++) {
            Process watcher = start();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50 + random.nextInt(400));
            while (System.nanoTime() < until) {
                write(1 + random.nextInt(10));
                if (written / 1000 > rotations) {
                    rotate();
                }
                Thread.sleep(2);
            }
            watcher.destroyForcibly(); // SIGKILL
            assertThat(watcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
            if (alerts().values().stream().mapToInt(Integer::intValue).sum() < written) {
                behindAtKill++;
            }
        }
        Process watcher = start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (alerts().size() < written && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        watcher.destroy(); // SIGTERM: clean shutdown with a last checkpoint
        assertThat(watcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<Integer, Integer> alerts = alerts();
        System.out.printf("WatchCrashTest seed %d: %d kills (%d with alerts still to write), %d events, %d log "
                + "rotations, %d alerts%n", seed, kills, behindAtKill, written, rotations, alerts.values().stream()
                .mapToInt(Integer::intValue).sum());
        assertThat(alerts).as("seed " + seed).hasSize(written);
        assertThat(alerts).as("seed " + seed).allSatisfy((user, count) -> assertThat(count).as("user-" + user).isEqualTo(1));
    }

    private Process start() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "watch", "--config",
                dir.resolve("vigil.yml").toString(), "--poll", "5")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CountDownLatch watching = new CountDownLatch(1);
        Thread errors = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    if (line.startsWith("watching")) {
                        watching.countDown();
                    } else if (line.startsWith("vigil:") || line.contains("Exception")) {
                        System.err.println("watcher: " + line);
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        });
        errors.setDaemon(true);
        errors.start();
        assertThat(watching.await(60, TimeUnit.SECONDS)).as("the watcher started").isTrue();
        return process;
    }

    private void write(int count) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int n = written++;
            text.append("{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-Windows-Security-Auditing\"}},"
                    + "\"EventID\":4625,\"Channel\":\"Security\",\"TimeCreated\":{\"#attributes\":{\"SystemTime\":\"")
                    .append(T0.plusMillis(n)).append("\"}}},\"EventData\":{\"TargetUserName\":\"user-").append(n)
                    .append("\"}}}\n");
        }
        Files.writeString(dir.resolve("logs/security.log"), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void rotate() throws IOException {
        rotations++;
        Files.move(dir.resolve("logs/security.log"), dir.resolve("logs/security.log." + rotations),
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Alerts per user-N across the alert file and its rotated files. */
    private Map<Integer, Integer> alerts() throws IOException {
        Map<Integer, Integer> counts = new TreeMap<>();
        Path out = dir.resolve("out");
        if (!Files.isDirectory(out)) {
            return counts;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(out)) {
            files = list.toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = USER.matcher(line);
                if (m.find()) {
                    counts.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
                }
            }
        }
        return counts;
    }
}
