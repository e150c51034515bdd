package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil hunt} and {@code vigil watch} (a finite standard input) on the same events report the same
 * correlation counts in their summaries: alerts, events without a group-by field, values that are no number, state
 * bounds.
 */
class CorrelationCliTest {
    @TempDir
    Path dir;

    private static String upload(int seconds, String user, String bytes) {
        return "{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-Windows-Security-Auditing\"}},"
                + "\"EventID\":5145,\"Channel\":\"Security\",\"Computer\":\"DC01\",\"TimeCreated\":{\"#attributes\":"
                + "{\"SystemTime\":\"" + Instant.parse("2025-07-18T10:00:00Z").plusSeconds(seconds) + "\"}}},"
                + "\"EventData\":{" + (user == null ? "" : "\"SubjectUserName\":\"" + user + "\",")
                + "\"Bytes\":\"" + bytes + "\"}}}\n";
    }

    @Test
    void huntAndWatchSummariseTheCorrelationsAlike() throws Exception {
        Files.writeString(dir.resolve("rules.yml"), """
                title: Upload
                name: upload
                logsource: {product: windows, service: security}
                detection:
                    selection: {EventID: 5145}
                    condition: selection
                level: low
                ---
                title: Upload volume
                correlation:
                    type: value_sum
                    rules: [upload]
                    group-by: [SubjectUserName]
                    timespan: 1h
                    condition: {field: Bytes, gt: 1000}
                level: high
                """);
        String events = upload(0, "alice", "600") + upload(10, "alice", "n/a") + upload(20, "alice", "500")
                + upload(30, null, "5000");
        Path log = Files.writeString(dir.resolve("security.json"), events);
        Files.writeString(dir.resolve("vigil.yml"), """
                sources:
                  - stdin: true
                    format: json
                rules:
                  paths: [rules.yml]
                  builtin: false
                state: state
                sinks:
                  console: true
                """);
        String expected = "1 correlations: 1 alerts; 1 detections left out for lacking a group-by field; "
                + "1 values of value_sum/value_avg fields that are no number";

        CliRun hunt = CliRun.of("hunt", "--rules", dir.resolve("rules.yml").toString(), "--no-builtin", "--input-format", "json",
                log.toString());
        assertThat(hunt.err()).as(hunt.err()).contains(expected);

        InputStream stdin = System.in;
        CliRun watch;
        try {
            System.setIn(new ByteArrayInputStream(events.getBytes(StandardCharsets.UTF_8)));
            watch = CliRun.of("watch", "--config", dir.resolve("vigil.yml").toString(), "--poll", "5");
        } finally {
            System.setIn(stdin);
        }
        assertThat(watch.exit()).as(watch.err()).isZero();
        assertThat(watch.err()).contains(expected);
    }
}
