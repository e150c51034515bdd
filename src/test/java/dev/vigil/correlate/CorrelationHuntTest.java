package dev.vigil.correlate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.engine.Detection;
import dev.vigil.engine.Placeholders;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import dev.vigil.runtime.DetectionSink;
import dev.vigil.runtime.Hunt;
import dev.vigil.engine.Detector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seven Sigma correlation types run by {@code hunt}, from the specification's examples and edge cases: window
 * boundaries, chaining, {@code generate}, aliases, group-by on missing fields, and conditions that only a closed
 * window can decide.
 */
class CorrelationHuntTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Instant T0 = Instant.parse("2025-07-18T10:00:00Z");

    @TempDir
    Path directory;

    private final List<String> events = new ArrayList<>();

    private static final String BASE_RULES = """
            title: Single failed login
            id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
            name: failed_login
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 4625}
                condition: selection
            level: low
            ---
            title: Successful login
            id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
            name: successful_login
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 4624}
                condition: selection
            level: informational
            ---
            title: Web upload
            name: upload
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 5145}
                condition: selection
            level: informational
            ---
            title: Process start
            name: process_start
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 4688}
                condition: selection
            level: informational
            """;

    /** One Security event at T0 + seconds, in evtx_dump's JSON shape. */
    private void event(long seconds, int id, String... data) {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < data.length; i += 2) {
            fields.append(i == 0 ? "" : ",").append('"').append(data[i]).append("\":\"").append(data[i + 1].replace("\\", "\\\\")).append('"');
        }
        events.add("{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-Windows-Security-Auditing\"}},"
                + "\"EventID\":" + id + ",\"Channel\":\"Security\",\"Computer\":\"DC01\",\"TimeCreated\":{\"#attributes\":"
                + "{\"SystemTime\":\"" + T0.plusSeconds(seconds) + "\"}}},\"EventData\":{" + fields + "}}}");
    }

    private Correlator.Limits limits = Correlator.Limits.DEFAULT;
    private Correlator.Counts counts;
    private final List<Detection> detections = new ArrayList<>();

    /** Hunts the events with the base rules and the given correlation documents; returns title → alerts (explanations). */
    private Map<String, List<String>> hunt(String correlations) throws Exception {
        Path rules = directory.resolve("rules.yml");
        Files.writeString(rules, BASE_RULES + "---\n" + correlations, StandardCharsets.UTF_8);
        Path log = directory.resolve("security.json");
        Files.write(log, events, StandardCharsets.UTF_8);
        RuleSet ruleSet = new RuleLoader().addPath(rules).build();
        assertThat(ruleSet.problems()).as("rule problems").filteredOn(p -> p.isError()).isEmpty();
        Detector detector = Detector.compile(ruleSet, MappingLoader.builtIn(), Placeholders.NONE).detector();
        Map<String, List<String>> found = new LinkedHashMap<>();
        Hunt hunt = new Hunt(detector, CLOCK, ruleSet.correlations(), limits);
        hunt.run(new Hunt.Options(List.of(log), null, null, 2, true), new DetectionSink() {
            @Override
            public void accept(Detection detection) {
                detections.add(detection);
                found.computeIfAbsent(detection.rule().title(), key -> new ArrayList<>())
                        .add(detection.explanation() == null ? detection.timestamp().toString() : detection.explanation());
            }

            @Override
            public void close() {
            }
        }, count -> { });
        counts = hunt.correlationCounts();
        return found;
    }

    private static final String BRUTE_FORCE = """
            title: Multiple failed logons
            name: multiple_failed_login
            correlation:
                type: event_count
                rules: [failed_login]
                group-by: [TargetUserName]
                timespan: 10m
                condition: {gte: 10}
            level: medium
            """;

    @Test
    void eventCountFiresOnceTheCountIsReachedWithinTheTimespanAndHidesItsRule() throws Exception {
        for (int i = 0; i < 10; i++) {
            event(i * 60L, 4625, "TargetUserName", "alice");   // 0 … 9 min: 10 failures
        }
        for (int i = 0; i < 9; i++) {
            event(i * 60L, 4625, "TargetUserName", "bob");     // only 9
        }
        Map<String, List<String>> found = hunt(BRUTE_FORCE);
        assertThat(found).containsOnlyKeys("Multiple failed logons");
        assertThat(found.get("Multiple failed logons")).singleElement().asString()
                .contains("10 events of [failed_login]").contains("TargetUserName=alice").contains("within 10m");
        Detection alert = detections.get(detections.size() - 1);
        assertThat(alert.groupBy()).containsExactly(Map.entry("TargetUserName", "alice"));
        // the group-by values reach the alert sinks (webhook, syslog) and hunt's JSON Lines as fields of their own
        assertThat(dev.vigil.respond.Alert.of(alert).groupBy()).containsEntry("TargetUserName", "alice");
        java.io.StringWriter line = new java.io.StringWriter();
        try (dev.vigil.runtime.output.JsonLinesOutput out = new dev.vigil.runtime.output.JsonLinesOutput(line)) {
            out.accept(alert);
        }
        assertThat(line.toString()).contains("\"group_by\":{\"TargetUserName\":\"alice\"}");
    }

    @Test
    void theWindowIncludesItsStartAndSlides() throws Exception {
        for (int i = 0; i < 9; i++) {
            event(i * 60L, 4625, "TargetUserName", "alice");   // 0 … 8 min
        }
        event(600, 4625, "TargetUserName", "alice");           // 10 min: the first is exactly 10m old, still in
        for (int i = 0; i < 9; i++) {
            event(i * 60L, 4625, "TargetUserName", "carol");
        }
        event(601, 4625, "TargetUserName", "carol");           // 10 min 1 s: the first fell out, 9 in the window
        assertThat(hunt(BRUTE_FORCE).get("Multiple failed logons")).singleElement().asString().contains("alice");
    }

    @Test
    void chainedTemporalOrderedCorrelationFromTheSpecification() throws Exception {
        for (int i = 0; i < 10; i++) {
            event(i * 10L, 4625, "TargetUserName", "alice");
        }
        event(200, 4624, "TargetUserName", "alice");           // success after the burst: fires
        event(0, 4624, "TargetUserName", "bob");               // success first, then failures: no
        for (int i = 0; i < 10; i++) {
            event(10 + i * 10L, 4625, "TargetUserName", "bob");
        }
        Map<String, List<String>> found = hunt("""
                title: Multiple Failed Logins Followed by Successful Login
                id: b180ead8-d58f-40b2-ae54-c8940995b9b6
                correlation:
                    type: temporal_ordered
                    rules: [multiple_failed_login, successful_login]
                    group-by: [TargetUserName]
                    timespan: 10m
                level: high
                ---
                """ + BRUTE_FORCE);
        // the intermediate correlation and the base rules are not reported on their own (no generate)
        assertThat(found).containsOnlyKeys("Multiple Failed Logins Followed by Successful Login");
        assertThat(found.get("Multiple Failed Logins Followed by Successful Login")).singleElement().asString()
                .contains("seen in this order").contains("TargetUserName=alice");
    }

    @Test
    void generateKeepsTheReferredRulesDetections() throws Exception {
        for (int i = 0; i < 10; i++) {
            event(i, 4625, "TargetUserName", "alice");
        }
        Map<String, List<String>> found = hunt(BRUTE_FORCE + "generate: true\n");
        assertThat(found.get("Single failed login")).hasSize(10);
        assertThat(found.get("Multiple failed logons")).hasSize(1);
    }

    @Test
    void valueCountCountsDistinctValuesPerGroup() throws Exception {
        for (String user : List.of("a", "b", "c", "a")) {
            event(5, 4625, "IpAddress", "10.0.0.9", "TargetUserName", user);
        }
        for (String user : List.of("a", "a", "a", "b")) {
            event(5, 4625, "IpAddress", "10.0.0.7", "TargetUserName", user);
        }
        Map<String, List<String>> found = hunt("""
                title: Password spraying
                correlation:
                    type: value_count
                    rules: [failed_login]
                    group-by: [IpAddress]
                    timespan: 1h
                    condition: {field: TargetUserName, gte: 3}
                level: high
                """);
        assertThat(found.get("Password spraying")).singleElement().asString()
                .contains("3 distinct values of TargetUserName").contains("IpAddress=10.0.0.9");
    }

    @Test
    void temporalNeedsEveryRuleInAnyOrderWithinTheTimespan() throws Exception {
        event(0, 4624, "TargetUserName", "alice");
        event(30, 5145, "TargetUserName", "alice");
        event(60, 4688, "TargetUserName", "alice");    // all three within 1 min: fires
        event(0, 4624, "TargetUserName", "bob");
        event(30, 5145, "TargetUserName", "bob");
        event(400, 4688, "TargetUserName", "bob");     // the third 6m40s after the first: the first fell out
        Map<String, List<String>> found = hunt("""
                title: Logon, upload and process
                correlation:
                    type: temporal
                    rules: [successful_login, upload, process_start]
                    group-by: [TargetUserName]
                    timespan: 5m
                level: high
                """);
        assertThat(found.get("Logon, upload and process")).singleElement().asString().contains("alice");
    }

    @Test
    void valueSumAndValueAverageIgnoreValuesThatAreNoNumbers() throws Exception {
        event(0, 5145, "SubjectUserName", "alice", "Bytes", "600");
        event(10, 5145, "SubjectUserName", "alice", "Bytes", "n/a");
        event(20, 5145, "SubjectUserName", "alice", "Bytes", "500");  // sum 1100 > 1000, avg 550
        event(0, 5145, "SubjectUserName", "bob", "Bytes", "900");
        event(10, 5145, "SubjectUserName", "bob", "Bytes", "50");     // sum 950, avg 475
        Map<String, List<String>> found = hunt("""
                title: Large upload volume
                correlation:
                    type: value_sum
                    rules: [upload]
                    group-by: [SubjectUserName]
                    timespan: 1h
                    condition: {field: Bytes, gt: 1000}
                level: medium
                ---
                title: Large average upload
                correlation:
                    type: value_avg
                    rules: [upload]
                    group-by: [SubjectUserName]
                    timespan: 1h
                    condition: {field: Bytes, gt: 540}
                level: low
                """);
        assertThat(found.get("Large upload volume")).singleElement().asString().contains("sum of Bytes 1100").contains("alice");
        // bob's first event alone averages 900 > 540: the average is judged on each event, so it fires there
        assertThat(found.get("Large average upload")).hasSize(2).anySatisfy(text -> assertThat(text).contains("alice"))
                .anySatisfy(text -> assertThat(text).contains("bob").contains("average of Bytes 900"));
    }

    @Test
    void valuePercentileFlagsARareValueOncePerWindow() throws Exception {
        for (int i = 0; i < 30; i++) {
            event(i, 4688, "NewProcessName", "C:\\Windows\\System32\\svchost.exe");
        }
        event(40, 4688, "NewProcessName", "C:\\Windows\\Temp\\x.exe");   // 1 of 31: 3.2 %
        event(41, 4688, "NewProcessName", "C:\\Windows\\Temp\\x.exe");   // already reported in this window
        Map<String, List<String>> found = hunt("""
                title: Rare process on host
                correlation:
                    type: value_percentile
                    rules: [process_start]
                    group-by: [Computer]
                    timespan: 24h
                    condition: {field: NewProcessName, lte: 5}
                level: medium
                """);
        assertThat(found.get("Rare process on host")).singleElement().asString().contains("x.exe").contains("3.23% of 31 events");
    }

    @Test
    void aLessThanConditionIsDecidedWhenTheWindowCloses() throws Exception {
        event(0, 4624, "TargetUserName", "quiet");
        event(100, 4624, "TargetUserName", "quiet");                 // 2 in the first hour: fires when it closes
        for (int i = 0; i < 5; i++) {
            event(i, 4624, "TargetUserName", "busy");
        }
        event(4000, 4624, "TargetUserName", "busy");                 // a second window for busy with 1 event: fires at the end
        Map<String, List<String>> found = hunt("""
                title: Few logons
                correlation:
                    type: event_count
                    rules: [successful_login]
                    group-by: [TargetUserName]
                    timespan: 1h
                    condition: {lt: 3}
                level: low
                """);
        assertThat(found.get("Few logons")).hasSize(2).anySatisfy(text -> assertThat(text).contains("2 events").contains("quiet"))
                .anySatisfy(text -> assertThat(text).contains("1 events").contains("busy"));
    }

    @Test
    void eventsWithoutAGroupByFieldAreLeftOutAndAliasesMapFieldsPerRule() throws Exception {
        for (int i = 0; i < 10; i++) {
            event(i, 4625, "IpAddress", "10.1.1.1");                     // no TargetUserName: left out
        }
        event(0, 4625, "IpAddress", "10.9.9.9", "TargetUserName", "x");
        event(5, 4624, "ClientAddress", "10.9.9.9", "TargetUserName", "y");
        Map<String, List<String>> found = hunt(BRUTE_FORCE + """
                ---
                title: Failure then success from one address
                correlation:
                    type: temporal_ordered
                    rules: [failed_login, successful_login]
                    group-by: [source]
                    timespan: 1m
                    aliases:
                        source:
                            failed_login: IpAddress
                            successful_login: ClientAddress
                level: medium
                generate: true
                """);
        assertThat(found).doesNotContainKey("Multiple failed logons");
        assertThat(found.get("Failure then success from one address")).singleElement().asString().contains("source=10.9.9.9");
        // generate: true on one correlation referring to the rule wins over the other's default
        assertThat(found.get("Single failed login")).hasSize(11);
    }

    @Test
    void stateBoundsAreCountedNotExceeded() throws Exception {
        limits = new Correlator.Limits(2, 5);
        for (String user : List.of("a", "b", "c")) {               // a third group is refused
            event(0, 4625, "TargetUserName", user);
        }
        for (int i = 0; i < 8; i++) {                             // a's window keeps 5 of its events
            event(10 + i, 4625, "TargetUserName", "a");
        }
        event(30, 4625, "IpAddress", "10.0.0.1");                 // no TargetUserName
        assertThat(hunt(BRUTE_FORCE)).isEmpty();
        assertThat(counts.droppedGroups()).isEqualTo(1);
        assertThat(counts.droppedEvents()).isEqualTo(4);          // a: 1 + 8 events, 5 kept
        assertThat(counts.missingGroupBy()).isEqualTo(1);
        assertThat(counts.alerts()).isZero();
    }

    @Test
    void aCorrelationThatRefersToItselfOrToACycleDoesNotOverflowTheStack() throws Exception {
        event(0, 4625, "TargetUserName", "alice");
        Map<String, List<String>> found = hunt("""
                title: Loop
                name: loop
                correlation:
                    type: event_count
                    rules: [failed_login, loop]
                    group-by: [TargetUserName]
                    timespan: 10m
                    condition: {gte: 1}
                level: low
                generate: true
                ---
                title: Ping
                name: ping
                correlation:
                    type: event_count
                    rules: [failed_login, pong]
                    group-by: [TargetUserName]
                    timespan: 10m
                    condition: {gte: 1}
                level: low
                ---
                title: Pong
                name: pong
                correlation:
                    type: event_count
                    rules: [ping]
                    group-by: [TargetUserName]
                    timespan: 10m
                    condition: {lt: 5}
                level: low
                generate: true
                """);
        // the failed login completes each correlation once; an alert does not feed back into the correlation
        // (directly or round a cycle) that raised it
        assertThat(found.get("Loop")).hasSize(1);
        assertThat(found.get("Ping")).isNotEmpty();
    }

    @Test
    void closingWindowsAreClosedAtTheEndWhateverOrderTheChainIsDeclaredIn() throws Exception {
        event(0, 4624, "TargetUserName", "alice");
        // 'Rare rare logons' is declared before the correlation it refers to: its window is opened by an alert
        // that closing 'Rare logons' at the end of the input raises
        Map<String, List<String>> found = hunt("""
                title: Rare rare logons
                correlation:
                    type: event_count
                    rules: [rare_logons]
                    group-by: [TargetUserName]
                    timespan: 1h
                    condition: {lt: 2}
                level: high
                ---
                title: Rare logons
                name: rare_logons
                correlation:
                    type: event_count
                    rules: [successful_login]
                    group-by: [TargetUserName]
                    timespan: 1h
                    condition: {lt: 2}
                level: low
                """);
        assertThat(found.get("Rare rare logons")).singleElement().asString().contains("alice");
    }

    @Test
    void groupsWhoseWindowsAreOverDoNotCountAgainstTheBound() throws Exception {
        limits = new Correlator.Limits(2, 100);
        for (String user : List.of("a", "b")) {
            for (int i = 0; i < 10; i++) {
                event(i, 4625, "TargetUserName", user);                // a and b fire within the first minute
            }
        }
        for (int i = 0; i < 10; i++) {
            event(86_400 + i, 4625, "TargetUserName", "c");           // a day later: a's and b's windows are long over
        }
        Map<String, List<String>> found = hunt(BRUTE_FORCE);
        assertThat(found.get("Multiple failed logons")).hasSize(3).anySatisfy(text -> assertThat(text).contains("=c"));
        assertThat(counts.droppedGroups()).isZero();
    }

    @Test
    void valuePercentileKeepsItsWindowAfterReportingARareValue() throws Exception {
        for (int i = 0; i < 30; i++) {
            event(i, 4688, "NewProcessName", "C:\\Windows\\System32\\svchost.exe");
        }
        event(40, 4688, "NewProcessName", "C:\\Windows\\Temp\\x.exe");   // 1 of 31
        event(41, 4688, "NewProcessName", "C:\\Windows\\Temp\\y.exe");   // 1 of 32: just as rare
        Map<String, List<String>> found = hunt("""
                title: Rare process on host
                correlation:
                    type: value_percentile
                    rules: [process_start]
                    group-by: [Computer]
                    timespan: 24h
                    condition: {field: NewProcessName, lte: 5}
                level: medium
                """);
        assertThat(found.get("Rare process on host")).hasSize(2)
                .anySatisfy(text -> assertThat(text).contains("x.exe")).anySatisfy(text -> assertThat(text).contains("y.exe"));
    }

    @Test
    void temporalOrderedAcceptsAStepAtTheSameTimeAsTheOneBefore() throws Exception {
        event(0, 4688, "TargetUserName", "alice");   // read first, but at the same second as the upload
        event(0, 5145, "TargetUserName", "alice");
        Map<String, List<String>> found = hunt("""
                title: Upload then process
                correlation:
                    type: temporal_ordered
                    rules: [upload, process_start]
                    group-by: [TargetUserName]
                    timespan: 5m
                level: high
                """);
        assertThat(found.get("Upload then process")).singleElement().asString().contains("alice");
    }

    @Test
    void detectionsWithoutATimeCannotBeCorrelatedAndAreCounted() throws Exception {
        event(0, 4625, "TargetUserName", "alice");
        events.add("{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-Windows-Security-Auditing\"}},"
                + "\"EventID\":4625,\"Channel\":\"Security\",\"Computer\":\"DC01\"},"
                + "\"EventData\":{\"TargetUserName\":\"alice\"}}}");                     // no TimeCreated
        assertThat(hunt(BRUTE_FORCE)).isEmpty();
        // the untimed failure is neither reported (its rule is hidden) nor correlated: the summary must say so
        assertThat(counts.untimed()).isEqualTo(1);
    }

    @Test
    void aCycleOfCorrelationsIsALintWarningAndAZeroTimespanWithoutGroupByIsOneInstant() throws Exception {
        Path rules = directory.resolve("cycle.yml");
        Files.writeString(rules, BASE_RULES + """
                ---
                title: Ping
                name: ping
                correlation: {type: event_count, rules: [failed_login, pong], group-by: [], timespan: 0s, condition: {gte: 2}}
                ---
                title: Pong
                name: pong
                correlation: {type: event_count, rules: [ping], timespan: 1m, condition: {gte: 1}}
                """, StandardCharsets.UTF_8);
        RuleSet ruleSet = new RuleLoader().addPath(rules).build();
        assertThat(ruleSet.problems()).filteredOn(problem -> problem.toString().contains("refers to itself")).hasSize(2);

        event(0, 4625, "TargetUserName", "a");
        event(0, 4625, "TargetUserName", "b");     // two at one instant: a timespan of 0s holds them
        event(1, 4625, "TargetUserName", "c");
        event(2, 4625, "TargetUserName", "d");     // one a second: never two in 0s
        Map<String, List<String>> found = hunt("""
                title: Burst
                correlation: {type: event_count, rules: [failed_login], timespan: 0s, condition: {gte: 2}}
                """);
        assertThat(found.get("Burst")).singleElement().asString().contains("within 0s");
    }
}
