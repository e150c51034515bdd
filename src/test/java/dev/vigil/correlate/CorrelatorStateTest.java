package dev.vigil.correlate;

import dev.vigil.engine.Detection;
import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.event.Event;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.rules.RuleLoader;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.mapping.MappingLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Correlator#snapshot} and {@link Correlator#restore}: for the seven correlation types, a run cut at every
 * point — snapshot, a new correlator restored from it, the rest fed to that one — gives exactly the alerts of the run
 * without a cut (same rule, time, explanation and event). Corrupt state gives a {@link StateIO.StateException} naming
 * what was read; the configured bounds hold on restore.
 */
class CorrelatorStateTest {
    private static final Instant T0 = Instant.parse("2025-07-18T10:00:00Z");

    @TempDir
    Path directory;

    private static final String RULES = """
            title: Failed login
            id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
            name: failed_login
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 4625}
                condition: selection
            level: low
            ---
            title: Successful login
            name: successful_login
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 4624}
                condition: selection
            level: informational
            ---
            title: Burst
            correlation: {type: event_count, rules: [failed_login], group-by: [TargetUserName], timespan: 2m, condition: {gte: 3}}
            ---
            title: Quiet
            correlation: {type: event_count, rules: [successful_login], group-by: [TargetUserName], timespan: 1m, condition: {lt: 2}}
            ---
            title: Many addresses
            correlation: {type: value_count, rules: [failed_login], group-by: [TargetUserName], timespan: 5m, condition: {field: IpAddress, gte: 3}}
            ---
            title: Both
            correlation: {type: temporal, rules: [failed_login, successful_login], group-by: [TargetUserName], timespan: 1m}
            ---
            title: Fail then succeed
            name: fail_then_succeed
            correlation: {type: temporal_ordered, rules: [failed_login, successful_login], group-by: [TargetUserName], timespan: 1m}
            generate: true
            ---
            title: Chained
            correlation: {type: event_count, rules: [fail_then_succeed], group-by: [TargetUserName], timespan: 10m, condition: {gte: 2}}
            ---
            title: Logon type sum
            correlation: {type: value_sum, rules: [failed_login], group-by: [TargetUserName], timespan: 2m, condition: {field: LogonType, gte: 12}}
            ---
            title: Logon type average
            correlation: {type: value_avg, rules: [successful_login], group-by: [TargetUserName], timespan: 2m, condition: {field: LogonType, gt: 3}}
            ---
            title: Rare address
            correlation: {type: value_percentile, rules: [failed_login, successful_login], group-by: [TargetUserName], timespan: 10m, condition: {field: IpAddress, lte: 10}}
            """;

    private Detector detector;
    private RuleSet rules;

    private List<Detection> detections() throws Exception {
        Path file = directory.resolve("rules.yml");
        Files.writeString(file, RULES);
        rules = new RuleLoader().addPath(file).build();
        assertThat(rules.problems()).filteredOn(p -> p.isError()).isEmpty();
        assertThat(rules.correlations()).hasSize(9);
        detector = Detector.compile(rules, MappingLoader.builtIn(), Placeholders.NONE).detector();
        List<Detection> out = new ArrayList<>();
        String[] users = {"alice", "bob", "carol"};
        for (int i = 0; i < 120; i++) {
            // 120 events over 20 minutes, three users, mostly failures, a rare address now and then
            Event event = FieldEvent.builder(new Origin("test.json", "json", i + 1)).timestamp(T0.plusSeconds(i * 10))
                    .put("Channel", "Security").put("Provider_Name", "Microsoft-Windows-Security-Auditing")
                    .put("EventID", new Value.Number(i % 4 == 3 ? "4624" : "4625"))
                    .put("TargetUserName", users[(i * 7) % 3])
                    .put("IpAddress", i % 17 == 0 ? "192.0.2." + i : "10.0.0." + (i % 5))
                    .put("LogonType", new Value.Number(Integer.toString(2 + i % 9)))
                    .build();
            detector.detect(event, out::add);
        }
        assertThat(out).hasSizeGreaterThan(100);
        return out;
    }

    private Correlator correlator(Correlator.Limits limits) {
        return new Correlator(rules.correlations(), detector::inspect, limits);
    }

    private static List<String> describe(List<Detection> alerts) {
        return alerts.stream().map(d -> d.rule().title() + " " + d.timestamp() + " " + d.explanation() + " "
                + d.event().origin() + " " + ((FieldEvent) FieldEvent.copyOf(d.event())).fields()).toList();
    }

    @Test
    void aRunCutAnywhereGivesTheAlertsOfTheWholeRun() throws Exception {
        List<Detection> detections = detections();
        Correlator whole = correlator(Correlator.Limits.DEFAULT);
        List<Detection> expected = new ArrayList<>();
        detections.forEach(d -> expected.addAll(whole.accept(d)));
        expected.addAll(whole.finish());
        List<String> types = describe(expected).stream().map(text -> text.substring(0, text.indexOf(" 2025"))).distinct().toList();
        assertThat(types).as("every correlation fires in this input").hasSize(9);

        for (int cut = 0; cut <= detections.size(); cut++) {
            Correlator first = correlator(Correlator.Limits.DEFAULT);
            List<Detection> got = new ArrayList<>();
            for (Detection d : detections.subList(0, cut)) {
                got.addAll(first.accept(d));
            }
            StateIO.Writer out = new StateIO.Writer();
            first.snapshot(out);
            Correlator second = correlator(Correlator.Limits.DEFAULT);
            second.restore(new StateIO.Reader(out.toByteArray(), "state"));
            for (Detection d : detections.subList(cut, detections.size())) {
                got.addAll(second.accept(d));
            }
            got.addAll(second.finish());
            assertThat(describe(got)).as("cut after " + cut).isEqualTo(describe(expected));
            assertThat(second.counts()).as("cut after " + cut).isEqualTo(whole.counts());
        }
    }

    /** The state of {@code correlator} after the first {@code count} detections. */
    private byte[] snapshotAfter(int count, Correlator correlator) throws Exception {
        detections().subList(0, count).forEach(correlator::accept);
        StateIO.Writer out = new StateIO.Writer();
        correlator.snapshot(out);
        return out.toByteArray();
    }

    @Test
    void corruptOrForeignStateIsAnErrorNamingIt() throws Exception {
        detections();
        byte[] bytes = snapshotAfter(50, correlator(Correlator.Limits.DEFAULT));
        for (int length = 0; length < bytes.length; length += 7) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> correlator(Correlator.Limits.DEFAULT).restore(new StateIO.Reader(cut, "state/checkpoint")))
                    .isInstanceOf(StateIO.StateException.class).hasMessageStartingWith("state/checkpoint: ");
        }
        byte[] future = bytes.clone();
        future[3] = 9;
        assertThatThrownBy(() -> correlator(Correlator.Limits.DEFAULT).restore(new StateIO.Reader(future, "s")))
                .hasMessage("s: correlation state version 9; this Vigil reads version 1 (byte 4)");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> correlator(Correlator.Limits.DEFAULT).restore(new StateIO.Reader(longer, "s")))
                .hasMessageContaining("unexpected bytes after the correlation state");
    }

    @Test
    void restoredStateKeepsTheConfiguredBounds() throws Exception {
        detections();
        Correlator first = correlator(Correlator.Limits.DEFAULT);
        byte[] bytes = snapshotAfter(60, first);
        Correlator small = correlator(new Correlator.Limits(1, 1));
        small.restore(new StateIO.Reader(bytes, "s"));
        assertThat(small.counts().droppedGroups()).as("groups over the bound").isGreaterThan(first.counts().droppedGroups());
        assertThat(small.counts().droppedEvents()).as("events over the bound").isGreaterThan(first.counts().droppedEvents());
        StateIO.Writer again = new StateIO.Writer();
        small.snapshot(again);
        assertThat(again.toByteArray().length).isLessThan(bytes.length);
    }
}
