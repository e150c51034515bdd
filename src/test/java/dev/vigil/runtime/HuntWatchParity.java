package dev.vigil.runtime;

import dev.vigil.correlate.Correlator;
import dev.vigil.engine.Detection;
import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.event.Event;
import dev.vigil.ingest.source.FileTail;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds one set of input files to both {@link Hunt} and {@link Watch} (a file source over the same files, polled
 * until it has consumed them, then ended as a finite input with {@link Watch#finish()} and closed) and describes
 * what each reported, in a form that can be compared: rule title, time, the correlation's explanation (measure,
 * group-by values, window), the event that completed it and the events that contributed to it — events named by
 * their {@code EventRecordID}, which each event written by {@link #event} has, unique within the run.
 *
 * <p>Events are Windows Security events in evtx_dump's JSON shape, one a line; every field given goes in
 * {@code EventData}. Each file is written once, before either run.
 */
final class HuntWatchParity {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final Instant T0 = Instant.parse("2025-07-18T10:00:00Z");
    private static final Pattern EVENTS = Pattern.compile("; events: (.*)$");

    private final Path dir;
    private final Map<String, List<String>> files = new TreeMap<>();
    private String rules = "";
    private Duration lateness = Duration.ZERO;
    private Correlator.Limits limits = Correlator.Limits.DEFAULT;
    private long nextRecord = 1;
    private boolean inTimeOrder;
    private boolean endOfInput = true;

    /** What one mode reported, and what it counted. */
    record Run(List<String> alerts, Correlator.Counts counts, long late) {
        /** The alerts of this title. */
        List<String> of(String title) {
            return alerts.stream().filter(a -> a.startsWith(title + " | ")).toList();
        }
    }

    /** Both runs over the same input. */
    record Result(Run hunt, Run watch) {
    }

    HuntWatchParity(Path dir) {
        this.dir = dir;
    }

    HuntWatchParity rules(String text) {
        rules = rules.isEmpty() ? text : rules + "\n---\n" + text;
        return this;
    }

    HuntWatchParity lateness(Duration allowed) {
        lateness = allowed;
        return this;
    }

    /** Writes each file's events in event-time order (stable), whatever order they were given in. */
    HuntWatchParity inTimeOrder() {
        inTimeOrder = true;
        return this;
    }

    /**
     * Stops the watch as {@code vigil watch} on files stops (SIGTERM: a last checkpoint), without
     * {@link Watch#finish()}: windows still open and detections still held for lateness are not judged.
     */
    HuntWatchParity stoppedWithoutEndOfInput() {
        endOfInput = false;
        return this;
    }

    HuntWatchParity limits(Correlator.Limits bounds) {
        limits = bounds;
        return this;
    }

    /**
     * Appends an event to {@code file}: Security event {@code eventId} at T0 + {@code seconds}, with the given
     * EventData fields (name, value, …); returns its EventRecordID.
     */
    long event(String file, double seconds, int eventId, String... data) {
        long record = nextRecord++;
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < data.length; i += 2) {
            fields.append(i == 0 ? "" : ",").append('"').append(data[i]).append("\":\"")
                    .append(data[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        Instant time = T0.plusNanos(Math.round(seconds * 1e9));
        files.computeIfAbsent(file, key -> new ArrayList<>()).add(
                "{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-Windows-Security-Auditing\"}},"
                        + "\"EventID\":" + eventId + ",\"EventRecordID\":" + record + ",\"Channel\":\"Security\","
                        + "\"Computer\":\"DC01\",\"TimeCreated\":{\"#attributes\":{\"SystemTime\":\"" + time + "\"}}},"
                        + "\"EventData\":{" + fields + "}}}");
        return record;
    }

    /** Appends a line as it is (not an event of {@link #event}'s shape). */
    void line(String file, String text) {
        files.computeIfAbsent(file, key -> new ArrayList<>()).add(text);
    }

    /** Runs hunt and watch over the files; asserts nothing. */
    Result run() throws IOException {
        Path rulesFile = dir.resolve("rules.yml");
        Files.writeString(rulesFile, rules, StandardCharsets.UTF_8);
        RuleSet ruleSet = new RuleLoader().addPath(rulesFile).build();
        assertThat(ruleSet.problems()).as("rule problems").filteredOn(p -> p.isError()).isEmpty();
        Detector detector = Detector.compile(ruleSet, MappingLoader.builtIn(), Placeholders.NONE).detector();
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<Path> paths = new ArrayList<>();
        Map<String, Map<Long, Long>> recordOf = new HashMap<>(); // source → (line number, and end offset) → EventRecordID
        for (Map.Entry<String, List<String>> file : files.entrySet()) {
            Path path = logs.resolve(file.getKey());
            StringBuilder text = new StringBuilder();
            Map<Long, Long> records = new HashMap<>();
            long line = 0;
            List<String> lines = new ArrayList<>(file.getValue());
            if (inTimeOrder) {
                lines.sort(java.util.Comparator.comparing(HuntWatchParity::timeOf));
            }
            for (String event : lines) {
                text.append(event).append('\n');
                line++;
                Matcher m = Pattern.compile("\"EventRecordID\":(\\d+)").matcher(event);
                if (m.find()) {
                    long id = Long.parseLong(m.group(1));
                    records.put(line, id);
                    records.put(-(long) text.toString().getBytes(StandardCharsets.UTF_8).length, id);
                }
            }
            Files.writeString(path, text, StandardCharsets.UTF_8);
            paths.add(path);
            recordOf.put(path.toString(), records);
        }

        List<String> hunted = new ArrayList<>();
        Hunt hunt = new Hunt(detector, CLOCK, ruleSet.correlations(), limits);
        hunt.run(new Hunt.Options(paths, "json", null, 2, true), collect(hunted, recordOf, false), n -> { });
        Run huntRun = new Run(hunted, hunt.correlationCounts(), 0);

        List<String> watched = new ArrayList<>();
        Watch.Options options = new Watch.Options(List.of(new FileTail.Pattern(logs.resolve("*.json"), "json")),
                dir.resolve("state"), null, true, Duration.ZERO, lateness);
        Run watchRun;
        try (Watch watch = new Watch(detector, ruleSet.correlations(), limits, CLOCK, options,
                collect(watched, recordOf, true))) {
            watch.start();
            long lines = files.values().stream().mapToLong(List::size).sum();
            for (int round = 0; watch.counts().records() < lines; round++) {
                assertThat(round).as("watch polls until it has read every line").isLessThan(1000);
                watch.poll();
                watch.checkpoint();
            }
            if (endOfInput) {
                watch.finish();
            } else {
                watch.checkpoint();
            }
            watchRun = new Run(watched, watch.correlationCounts(), watch.counts().late());
        }
        return new Result(huntRun, watchRun);
    }

    /** Runs both and asserts that they reported the same; returns what they reported (either, being the same). */
    Run same() throws IOException {
        Result result = run();
        assertThat(result.watch().alerts()).as("watch reports what hunt reports")
                .containsExactlyInAnyOrderElementsOf(result.hunt().alerts());
        assertThat(result.watch().counts()).as("correlation counts").isEqualTo(result.hunt().counts());
        return result.hunt();
    }

    /**
     * Describes each detection as {@code title | time | explanation | event N}, the explanation's event references
     * ({@code source#record} in hunt, {@code source#offset} in watch) replaced by EventRecordIDs.
     */
    private static DetectionSink collect(List<String> out, Map<String, Map<Long, Long>> recordOf, boolean offsets) {
        return new DetectionSink() {
            @Override
            public void accept(Detection detection) {
                String explanation = detection.explanation();
                if (explanation != null) {
                    Matcher m = EVENTS.matcher(explanation);
                    if (m.find()) {
                        List<String> ids = new ArrayList<>();
                        for (String ref : m.group(1).split(", ")) {
                            ids.add(resolve(ref, recordOf, offsets));
                        }
                        explanation = explanation.substring(0, m.start()) + "; events: " + String.join(", ", ids);
                    }
                }
                out.add(detection.rule().title() + " | " + detection.timestamp() + " | " + explanation + " | event "
                        + recordId(detection.event()));
            }

            @Override
            public void close() {
            }
        };
    }

    private static String resolve(String ref, Map<String, Map<Long, Long>> recordOf, boolean offsets) {
        int hash = ref.lastIndexOf('#');
        if (hash < 0) {
            return ref; // "… more"
        }
        Map<Long, Long> records = recordOf.getOrDefault(ref.substring(0, hash), Map.of());
        long position = Long.parseLong(ref.substring(hash + 1));
        Long id = records.get(offsets ? -position : position);
        return id == null ? ref : "#" + id;
    }

    private static Instant timeOf(String line) {
        Matcher m = Pattern.compile("\"SystemTime\":\"([^\"]+)\"").matcher(line);
        return m.find() ? Instant.parse(m.group(1)) : Instant.MIN;
    }

    static String recordId(Event event) {
        String[] found = {null};
        event.forEachField((name, value) -> {
            if (name.endsWith("EventRecordID")) {
                found[0] = value.text();
            }
        });
        return found[0];
    }
}
