package dev.vigil.runtime;

import dev.vigil.engine.Detection;
import dev.vigil.engine.Detector;
import dev.vigil.ingest.source.FileTail;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vigil watch} on EVTX files (named once, then skipped) and on CSV files whose first line names the columns (the M365 audit export, old and new): the
 * header row is remembered per file (and in the checkpoint), replaced when the file starts again with other
 * columns, and each row is read with it; the detections are those {@code vigil hunt} makes of the same content.
 */
class WatchFileFormatsTest {
    @TempDir
    Path dir;

    private static final String RULE = """
            title: Audit record
            logsource: {product: m365, service: audit}
            detection:
                selection: {Workload|exists: true}
                condition: selection
            level: low
            """;

    private static String fixture(String name) throws IOException {
        try (InputStream input = WatchFileFormatsTest.class.getResourceAsStream("/dev/vigil/ingest/m365/" + name)) {
            assertThat(input).as(name).isNotNull();
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static DetectionSink into(List<String> out) {
        return new DetectionSink() {
            @Override
            public void accept(Detection detection) {
                out.add(detection.rule().title() + " " + detection.timestamp() + " "
                        + (detection.event().get("Operation") == null ? "-" : detection.event().get("Operation").text()));
            }

            @Override
            public void close() {
            }
        };
    }

    private Watch watch(Detector detector, Path glob, List<String> out) {
        return new Watch(detector, List.of(), HuntWatchParity.CLOCK, new Watch.Options(
                List.of(new FileTail.Pattern(glob, null)), dir.resolve("state"), null, true, Duration.ZERO,
                Duration.ZERO), into(out));
    }

    private long huntProblems;

    private List<String> hunt(Detector detector, String name, String content) throws IOException {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("hunt")).resolve(name), content);
        List<String> out = new ArrayList<>();
        huntProblems += new Hunt(detector, HuntWatchParity.CLOCK).run(new Hunt.Options(List.of(file), null, null, 1, false),
                into(out), n -> { }).problemCount();
        return out;
    }

    @Test
    void theHeaderRowIsRememberedAcrossPollsRestartsAndATruncationWithOtherColumns() throws IOException {
        RuleSet rules = new RuleLoader().addText("rule.yml", RULE).build();
        Detector detector = WatchTest.detector(rules);
        String newer = fixture("ual-export-new.csv");
        String older = fixture("ual-export-old.csv");
        List<String> newerRows = Arrays.asList(newer.split("(?<=\n)"));
        List<String> olderRows = Arrays.asList(older.split("(?<=\n)"));
        List<String> expected = new ArrayList<>(hunt(detector, "new.csv", newer));
        expected.addAll(hunt(detector, "old.csv", older));
        assertThat(expected).hasSize(6); // four of the new export, two of the old
        assertThat(huntProblems).isEqualTo(2); // the new export's last two rows are damaged on purpose

        Path log = Files.createDirectories(dir.resolve("logs")).resolve("audit.csv");
        List<String> watched = new ArrayList<>();
        try (Watch watch = watch(detector, dir.resolve("logs/audit*.csv"), watched)) {
            Files.writeString(log, String.join("", newerRows.subList(0, 3)));      // BOM, header, two rows
            WatchTest.startPollCheckpoint(watch);
            Files.writeString(log, String.join("", newerRows.subList(3, newerRows.size())), StandardOpenOption.APPEND);
            watch.poll();
            watch.checkpoint();
            assertThat(watch.counts().problems()).isEqualTo(huntProblems);
        }
        // a restart: the header comes from the checkpoint; then the file starts again with the old export's columns
        try (Watch watch = watch(detector, dir.resolve("logs/audit*.csv"), watched)) {
            watch.start();
            Files.writeString(log, olderRows.get(0) + olderRows.get(1));
            watch.poll();
            watch.checkpoint();
        }
        try (Watch watch = watch(detector, dir.resolve("logs/audit*.csv"), watched)) {
            watch.start();
            Files.writeString(log, olderRows.get(0) + String.join("", olderRows.subList(2, olderRows.size())),
                    StandardOpenOption.APPEND);                                      // a repeated header row, then a row
            watch.poll();
            assertThat(watch.counts().problems()).isZero();
            watch.checkpoint(); // the console gets alerts once a checkpoint covers them
        }
        assertThat(watched).containsExactlyElementsOf(expected);
    }

    @Test
    void anEvtxFileIsNamedOnceAndSkippedWhileTheOtherFilesAreRead() throws IOException {
        RuleSet rules = new RuleLoader().addText("rule.yml", WatchTest.RULES).build();
        Path logs = Files.createDirectories(dir.resolve("logs"));
        byte[] evtx = "ElfFile\0\u0001\u0000binary\nchunk\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(logs.resolve("Security.evtx"), evtx);
        Files.write(logs.resolve("Forwarded.log"), evtx);                     // the signature, whatever the name
        Files.writeString(logs.resolve("security.json"), WatchTest.failedLogin(0, "alice"));
        List<String> watched = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        try (Watch watch = watch(WatchTest.detector(rules), logs.resolve("*"), watched)) {
            watch.onNotice(notices::add);
            WatchTest.startPollCheckpoint(watch);
            Files.write(logs.resolve("Security.evtx"), "more\n".getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);
            watch.poll();
            assertThat(watch.counts().problems()).isEqualTo(2);
        }
        assertThat(notices).hasSize(2).allSatisfy(n -> assertThat(n).contains("watch cannot follow an EVTX file"))
                .anySatisfy(n -> assertThat(n).startsWith(logs.resolve("Security.evtx") + ": "))
                .anySatisfy(n -> assertThat(n).startsWith(logs.resolve("Forwarded.log") + ": "));
        assertThat(watched).singleElement().asString().startsWith("Failed login ");
    }
}
