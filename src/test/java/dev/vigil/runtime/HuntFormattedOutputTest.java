package dev.vigil.runtime;

import dev.vigil.engine.Detection;
import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.runtime.output.CsvTimelineOutput;
import dev.vigil.runtime.output.JsonLinesOutput;
import dev.vigil.runtime.output.TableOutput;
import dev.vigil.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Detections formatted on the hunt's worker threads ({@link DetectionSink#formatter}) come out as the same text, in
 * the same order, as when the writer formats each detection itself (the way before): on real EVTX and OTRF logs,
 * with every SigmaHQ process-creation rule and a correlation (whose alerts come after the detections, or among them by
 * time), on one thread and on three, in file order and with {@code --sort time}.
 */
class HuntFormattedOutputTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static RuleSet rules;
    private static Detector detector;

    @BeforeAll
    static void compile(@TempDir Path directory) throws IOException {
        Path correlation = directory.resolve("correlation.yml");
        Files.writeString(correlation, """
                title: Every Sysmon event with an image
                name: every_process
                logsource:
                    product: windows
                    service: sysmon
                detection:
                    selection:
                        Image|contains: '\\'
                    condition: selection
                level: low
                ---
                title: Many processes on one computer
                correlation:
                    type: event_count
                    rules: [every_process]
                    generate: true
                    group-by: [Computer]
                    timespan: 1m
                    condition: {gte: 3}
                level: medium
                """);
        rules = new RuleLoader().addPath(SharedData.require("sigma/rules/windows/process_creation"))
                .addPath(correlation).build();
        detector = Detector.compile(rules, MappingLoader.builtIn(), Placeholders.NONE).detector();
    }

    @ParameterizedTest
    @ValueSource(strings = {"evtx/attack-samples", "json/otrf-windows/discovery"})
    void formattedOnTheWorkersTheOutputIsTheWritersTextInTheSameOrder(String input) throws Exception {
        Path logs = SharedData.require(input);
        Hunt hunt = new Hunt(detector, CLOCK, rules.correlations(), dev.vigil.correlate.Correlator.Limits.DEFAULT);

        // The detections as the writer received them before: one thread, each formatted by the sink itself; with
        // --sort time the same, ordered by time (a stable sort: ties stay in file order, alerts after detections).
        List<Detection> inFileOrder = new ArrayList<>();
        long problems = hunt.run(new Hunt.Options(List.of(logs), null, null, 1, false), new Collect(inFileOrder),
                count -> { }).problemCount();
        assertThat(inFileOrder.size()).as("detections of %s", input).isGreaterThan(300);
        assertThat(hunt.correlationCounts().alerts()).as("correlation alerts").isPositive();
        List<Detection> byTimeOrder = new ArrayList<>(inFileOrder);
        byTimeOrder.sort(Comparator.comparing(Detection::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
        assertThat(byTimeOrder).as("time order differs from file order").isNotEqualTo(inFileOrder);
        for (boolean byTime : new boolean[] {false, true}) {
            List<Detection> reference = byTime ? byTimeOrder : inFileOrder;

            String jsonl = written(JsonLinesOutput::new, reference);
            if (!byTime) {
                assertThat(hunted(hunt, logs, 1, false, JsonLinesOutput::new, problems)).isEqualTo(jsonl);
            }
            assertThat(hunted(hunt, logs, 3, byTime, JsonLinesOutput::new, problems)).isEqualTo(jsonl);
            // Batches of one detection's text and one batch waiting per part: the workers wait for the writer often.
            Hunt small = new Hunt(detector, CLOCK, rules.correlations(), dev.vigil.correlate.Correlator.Limits.DEFAULT)
                    .batchLimits(1, 1);
            assertThat(hunted(small, logs, 3, byTime, JsonLinesOutput::new, problems)).isEqualTo(jsonl);
            Function<Writer, DetectionSink> csv = CsvTimelineOutput::new;
            Function<Writer, DetectionSink> table = writer -> new TableOutput(writer, true, 120);
            Function<Writer, DetectionSink> other = byTime ? table : csv;
            assertThat(hunted(hunt, logs, 3, byTime, other, problems)).isEqualTo(written(other, reference));
        }
    }

    /**
     * A correlation that only counts (its rule's detections suppressed, {@code generate: false}) and a minimum level
     * that leaves out the low rules feeding it: the workers write what the writer would, none of the left-out rules.
     */
    @org.junit.jupiter.api.Test
    void suppressedAndBelowTheMinimumLevelTheOutputIsTheWritersText(@TempDir Path directory) throws Exception {
        Path correlation = directory.resolve("counting.yml");
        Files.writeString(correlation, """
                title: Every Sysmon event with an image
                name: every_process
                logsource:
                    product: windows
                    service: sysmon
                detection:
                    selection:
                        Image|contains: '\\'
                    condition: selection
                level: high
                ---
                title: Every Sysmon event, counted only
                name: counted_process
                logsource:
                    product: windows
                    service: sysmon
                detection:
                    selection:
                        Image|contains: '\\'
                    condition: selection
                level: low
                ---
                title: Many processes on one computer
                correlation:
                    type: event_count
                    rules: [every_process, counted_process]
                    generate: false
                    group-by: [Computer]
                    timespan: 1m
                    condition: {gte: 3}
                level: medium
                """);
        RuleSet counting = new RuleLoader().addPath(SharedData.require("sigma/rules/windows/process_creation"))
                .addPath(correlation).build();
        Detector compiled = Detector.compile(counting, MappingLoader.builtIn(), Placeholders.NONE).detector();
        Path logs = SharedData.require("evtx/attack-samples");
        dev.vigil.rules.Level medium = dev.vigil.rules.Level.MEDIUM;
        Hunt hunt = new Hunt(compiled, CLOCK, counting.correlations(), dev.vigil.correlate.Correlator.Limits.DEFAULT);
        List<Detection> reference = new ArrayList<>();
        long problems = hunt.run(new Hunt.Options(List.of(logs), null, medium, 1, false), new Collect(reference),
                count -> { }).problemCount();
        assertThat(hunt.correlationCounts().alerts()).as("correlation alerts").isPositive();
        assertThat(reference).as("detections at medium or above").hasSizeGreaterThan(100);
        assertThat(reference).noneMatch(detection -> detection.rule().title().startsWith("Every Sysmon event"));
        String jsonl = written(JsonLinesOutput::new, reference);
        for (int threads : new int[] {1, 3}) {
            StringWriter text = new StringWriter();
            try (DetectionSink sink = new JsonLinesOutput(text)) {
                HuntStatistics statistics = hunt.run(new Hunt.Options(List.of(logs), null, medium, threads, false), sink,
                        count -> { });
                assertThat(statistics.problemCount()).isEqualTo(problems);
            }
            assertThat(text.toString()).as("%d threads", threads).isEqualTo(jsonl);
        }
    }

    /** What a sink writes when the writer formats every detection itself ({@link DetectionSink#accept}). */
    private static String written(Function<Writer, DetectionSink> sinks, List<Detection> detections) throws IOException {
        StringWriter text = new StringWriter();
        try (DetectionSink sink = sinks.apply(text)) {
            for (Detection detection : detections) {
                sink.accept(detection);
            }
        }
        return text.toString();
    }

    private static String hunted(Hunt hunt, Path logs, int threads, boolean byTime, Function<Writer, DetectionSink> sinks,
                                 long problems) throws IOException {
        StringWriter text = new StringWriter();
        try (DetectionSink sink = sinks.apply(text)) {
            assertThat(sink.formatter(new StringWriter())).as("formats on the workers").isNotNull();
            HuntStatistics statistics = hunt.run(new Hunt.Options(List.of(logs), null, null, threads, byTime), sink,
                    count -> { });
            assertThat(statistics.problemCount()).as("problems (as many as on the writer's way)").isEqualTo(problems);
        }
        return text.toString();
    }

    /** A sink without a formatter: the hunt hands it every detection, as before. */
    private record Collect(List<Detection> detections) implements DetectionSink {
        @Override
        public void accept(Detection detection) {
            detections.add(detection);
        }

        @Override
        public void close() {
        }
    }
}
