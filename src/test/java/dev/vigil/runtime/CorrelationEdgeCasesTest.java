package dev.vigil.runtime;

import dev.vigil.correlate.Correlator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edge cases of correlations, each run through {@code hunt} and {@code watch} over the same files
 * ({@link HuntWatchParity}): window boundaries, conditions and ranges, late and out-of-order events, group-by on
 * missing fields and on several fields, chains, aliases, {@code generate}, {@code value_percentile} boundaries,
 * values that are no number, and state bounds. Where watch and hunt differ by design (events later than the
 * allowed lateness), the test expects the documented difference.
 */
class CorrelationEdgeCasesTest {
    @TempDir
    Path dir;

    private HuntWatchParity both;

    /** WatchTest's failed login rule, and three more. */
    private static final String BASE = WatchTest.RULES + """
            ---
            title: Successful login
            name: successful_login
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 4624}
                condition: selection
            level: low
            ---
            title: Kerberos failure
            name: kerberos_failure
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 4771}
                condition: selection
            level: low
            ---
            title: Upload
            name: upload
            logsource: {product: windows, service: security}
            detection:
                selection: {EventID: 5145}
                condition: selection
            level: low
            """;

    @BeforeEach
    void setUp() {
        both = new HuntWatchParity(dir).rules(BASE);
    }

    private static String count(String title, String timespan, String condition) {
        return "title: " + title + "\nname: " + title.toLowerCase().replace(' ', '_') + "\ncorrelation:\n"
                + "    type: event_count\n    rules: [failed_login]\n    group-by: [TargetUserName]\n"
                + "    timespan: " + timespan + "\n    condition: " + condition + "\nlevel: high\n";
    }

    private void failures(String file, String user, double... seconds) {
        for (double s : seconds) {
            both.event(file, s, 4625, "TargetUserName", user);
        }
    }

    // --- window boundaries: [t - timespan, t], both ends included ---

    @Test
    void aSlidingWindowIncludesBothEnds() throws IOException {
        both.rules(count("Burst", "1m", "{gte: 3}"));
        failures("a.json", "edge", 0, 30, 60);          // the first is exactly 1m before the third: in
        failures("a.json", "past", 100, 130, 160.001);  // 1 ms more: the first fell out
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString().contains("TargetUserName=edge")
                .contains("(2025-07-18T10:00:00Z to 2025-07-18T10:01:00Z)");
    }

    @Test
    void aClosingWindowRunsFromItsFirstEventForTheTimespanBothEndsIncluded() throws IOException {
        both.rules(count("Few", "1m", "{lt: 3}"));
        failures("a.json", "three", 0, 30, 60);         // 3 in [0, 60]: not fewer than 3, no alert
        failures("a.json", "split", 100, 130, 160.5);   // [100, 160]: 2, closed by 160.5; then [160.5, …]: 1
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).hasSize(2).allSatisfy(a -> assertThat(a).contains("TargetUserName=split"))
                .anySatisfy(a -> assertThat(a).contains("2 events of"))
                .anySatisfy(a -> assertThat(a).contains("1 events of"));
    }

    @Test
    void aClosingWindowIsJudgedWhenEventTimePassesItsEndNotOnlyAtTheGroupsNextEvent() throws IOException {
        both.rules(count("Few", "1h", "{lt: 3}")).stoppedWithoutEndOfInput();
        failures("a.json", "quiet", 0, 100);             // 2 in its hour, and never again
        failures("a.json", "busy", 0, 1, 2, 3);          // 4: not fewer than 3
        failures("a.json", "busy", 3700);                // event time passes quiet's hour; a new window for busy
        HuntWatchParity.Result result = both.run();
        // watch, stopped without an end of input, has judged quiet's window when event time passed its end;
        // busy's second window is still open (hunt closes it at the end of its input)
        assertThat(result.watch().alerts()).singleElement().asString().contains("TargetUserName=quiet")
                .contains("2 events of");
        assertThat(result.hunt().alerts()).hasSize(2).contains(result.watch().alerts().get(0))
                .anySatisfy(a -> assertThat(a).contains("TargetUserName=busy").contains("1 events of"));
    }

    @Test
    void temporalWindowIncludesBothEnds() throws IOException {
        both.rules("""
                title: Login then upload
                correlation:
                    type: temporal
                    rules: [successful_login, upload]
                    group-by: [TargetUserName]
                    timespan: 5m
                level: high
                """);
        both.event("a.json", 0, 4624, "TargetUserName", "edge");
        both.event("a.json", 300, 5145, "TargetUserName", "edge");
        both.event("a.json", 1000, 4624, "TargetUserName", "past");
        both.event("a.json", 1300.5, 5145, "TargetUserName", "past");
        assertThat(both.inTimeOrder().same().alerts()).singleElement().asString().contains("TargetUserName=edge");
    }

    // --- conditions: each operator and a range, on groups of 1, 2, 3 and 4 events in one window ---

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "{gt: 2};      g3:1 g4:1",
            "{gte: 2};     g2:1 g3:1 g4:2",      // g4 fires at its 2nd event, starts afresh, fires at its 4th
            "{lt: 3};      g1:1 g2:1",
            "{lte: 2};     g1:1 g2:1",
            "{eq: 3};      g3:1",
            "{neq: 3};     g1:1 g2:1 g4:1",
            "{gt: 1, lt: 4}; g2:1 g3:1",
            "{gte: 4, lte: 4}; g4:1"})
    void conditionOperatorsAndRanges(String condition, String expected) throws IOException {
        both.rules(count("Counted", "1h", condition)).inTimeOrder();
        for (int group = 1; group <= 4; group++) {
            for (int i = 0; i < group; i++) {
                both.event("a.json", i * 60 + group, 4625, "TargetUserName", "g" + group);
            }
        }
        List<String> alerts = both.same().alerts();
        List<String> found = new ArrayList<>();
        for (int group = 1; group <= 4; group++) {
            String g = "g" + group;
            long fired = alerts.stream().filter(a -> a.contains("TargetUserName=" + g + " ")).count();
            if (fired > 0) {
                found.add(g + ":" + fired);
            }
        }
        assertThat(String.join(" ", found)).isEqualTo(expected.strip());
    }

    // --- lateness and order ---

    @Test
    void eventsOutOfOrderWithinTheAllowedLatenessAreCorrelatedAsInHunt() throws IOException {
        both.rules(count("Burst", "1m", "{gte: 3}")).lateness(Duration.ofMinutes(2));
        failures("a.json", "carol", 500, 450, 480);     // out of order, within 2 minutes
        failures("a.json", "dave", 100, 10, 40);        // out of order, but not within one minute
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString().contains("TargetUserName=carol")
                .contains("(2025-07-18T10:07:30Z to 2025-07-18T10:08:20Z)");
    }

    @Test
    void twoFilesInterleavedInTimeAgreeWhenTheLatenessCoversTheirSkew() throws IOException {
        both.rules(count("Burst", "1m", "{gte: 5}")).lateness(Duration.ofSeconds(40));
        failures("a.json", "erin", 0, 20, 40);          // watch reads a.json whole before b.json
        failures("b.json", "erin", 10, 30);
        HuntWatchParity.Run run = both.same();
        // contributing events named in event-time order across both files
        assertThat(run.alerts()).singleElement().asString().contains("5 events of").contains("; events: #1, #4, #2, #5, #3");
    }

    @Test
    void anEventLaterThanTheAllowedLatenessIsCountedAndLeftOutByWatchWhileHuntCorrelatesIt() throws IOException {
        both.rules(count("Burst", "1m", "{gte: 3}") + "generate: true\n").lateness(Duration.ofSeconds(30));
        failures("a.json", "alice", 0, 10);
        both.event("a.json", 100, 4625, "TargetUserName", "bob");   // releases alice's two (100 − 30 ≥ 10)
        both.event("a.json", 5, 4625, "TargetUserName", "alice");   // older than what was released: late
        HuntWatchParity.Result result = both.run();
        // hunt reads everything before it correlates: no event is late, alice's three fall in one minute
        assertThat(result.hunt().of("Burst")).singleElement().asString().contains("TargetUserName=alice");
        assertThat(result.watch().of("Burst")).isEmpty();
        assertThat(result.watch().late()).isEqualTo(1);
        // the late event is still reported on its own (generate: true) by both
        assertThat(result.watch().of("Failed login")).hasSize(4);
        assertThat(result.hunt().of("Failed login")).hasSize(4);
    }

    @Test
    void anEventAsOldAsTheLastReleasedOneIsNotLate() throws IOException {
        both.rules(count("Burst", "1m", "{gte: 3}"));
        failures("a.json", "alice", 0, 10, 10, 10);     // the same second again, with no lateness allowed
        HuntWatchParity.Result result = both.run();
        assertThat(result.watch().late()).isZero();
        assertThat(result.watch().alerts()).containsExactlyInAnyOrderElementsOf(result.hunt().alerts()).hasSize(1);
    }

    @Test
    void detectionsWithoutAnEventTimeAreCountedAndLeftOutInBoth() throws IOException {
        both.rules(count("Burst", "1m", "{gte: 3}"));
        failures("a.json", "alice", 0, 10);
        both.line("a.json", "{\"Event\":{\"System\":{\"Provider\":{\"#attributes\":{\"Name\":"
                + "\"Microsoft-Windows-Security-Auditing\"}},\"EventID\":4625,\"Channel\":\"Security\"},"
                + "\"EventData\":{\"TargetUserName\":\"alice\"}}}");   // no TimeCreated
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).isEmpty();
        assertThat(run.counts().untimed()).isEqualTo(1);
    }

    @Test
    void stepsOfTheSameInstantInTwoFilesAreInOrderForTemporalOrdered() throws IOException {
        both.rules("""
                title: Login then upload
                correlation:
                    type: temporal_ordered
                    rules: [successful_login, upload]
                    group-by: [TargetUserName]
                    timespan: 1m
                level: high
                """).lateness(Duration.ofSeconds(5));
        both.event("a.json", 7, 5145, "TargetUserName", "alice");    // the upload, read first
        both.event("b.json", 7, 4624, "TargetUserName", "alice");    // the login of the same instant
        assertThat(both.same().alerts()).singleElement().asString().contains("seen in this order");
    }

    // --- group-by ---

    @Test
    void eventsWithoutAGroupByFieldAreLeftOutAndCountedInBoth() throws IOException {
        both.rules(count("Burst", "1m", "{gte: 3}"));
        failures("a.json", "alice", 0, 1);
        both.event("a.json", 2, 4625, "IpAddress", "10.0.0.1");     // no TargetUserName: not a third for alice
        both.event("a.json", 3, 4625, "IpAddress", "10.0.0.1");
        HuntWatchParity.Result result = both.run();
        assertThat(result.watch().alerts()).isEqualTo(result.hunt().alerts()).isEmpty();
        assertThat(result.hunt().counts().missingGroupBy()).isEqualTo(2);
        assertThat(result.watch().counts()).isEqualTo(result.hunt().counts());
    }

    @Test
    void severalGroupByFieldsMustAllBeEqualAndAllPresent() throws IOException {
        both.rules("""
                title: Burst per account
                correlation:
                    type: event_count
                    rules: [failed_login]
                    group-by: [TargetUserName, TargetDomainName]
                    timespan: 1h
                    condition: {gte: 3}
                level: high
                """);
        for (int i = 0; i < 2; i++) {
            both.event("a.json", i, 4625, "TargetUserName", "alice", "TargetDomainName", "CORP");
            both.event("a.json", i, 4625, "TargetUserName", "alice", "TargetDomainName", "LAB");
        }
        both.event("a.json", 5, 4625, "TargetUserName", "alice");   // no domain: neither group's third
        both.event("a.json", 6, 4625, "TargetUserName", "alice", "TargetDomainName", "LAB");
        HuntWatchParity.Run run = both.inTimeOrder().same();
        assertThat(run.alerts()).singleElement().asString().contains("TargetUserName=alice, TargetDomainName=LAB");
        assertThat(run.counts().missingGroupBy()).isEqualTo(1);
    }

    @Test
    void anEventThatTwoReferredRulesMatchIsCountedOnceButSeenByEachRuleInTemporal() throws IOException {
        both.rules("""
                title: Failed login of an admin
                name: admin_failure
                logsource: {product: windows, service: security}
                detection:
                    selection: {EventID: 4625, TargetUserName|startswith: adm}
                    condition: selection
                level: low
                ---
                title: Failures
                correlation:
                    type: event_count
                    rules: [failed_login, admin_failure]
                    group-by: [TargetUserName]
                    timespan: 1m
                    condition: {gte: 3}
                level: high
                ---
                title: Failed sum
                correlation:
                    type: value_sum
                    rules: [failed_login, admin_failure]
                    group-by: [TargetUserName]
                    timespan: 1m
                    condition: {field: Attempts, gte: 3}
                level: high
                ---
                title: Both kinds
                correlation:
                    type: temporal
                    rules: [failed_login, admin_failure]
                    group-by: [TargetUserName]
                    timespan: 1m
                level: high
                """).inTimeOrder();
        both.event("a.json", 0, 4625, "TargetUserName", "admin", "Attempts", "1");  // two rules, one event
        both.event("a.json", 10, 4625, "TargetUserName", "admin", "Attempts", "1");
        HuntWatchParity.Run run = both.same();
        assertThat(run.of("Failures")).isEmpty();        // two events, not four detections
        assertThat(run.of("Failed sum")).isEmpty();      // 1 + 1
        // each event alone is an occurrence of both rules: it completes the temporal correlation (which then starts afresh)
        assertThat(run.of("Both kinds")).hasSize(2).allSatisfy(a -> assertThat(a).contains("all seen"));
    }

    // --- chains, aliases, generate ---

    @Test
    void aCorrelationOverACorrelationOverACorrelationByNameAndById() throws IOException {
        both.rules(count("Burst", "1m", "{gte: 3}")).rules("""
                title: Repeated bursts
                id: 7b1f64a4-4f0e-4c39-9a3c-2a8f3b6c1d01
                name: repeated_bursts
                correlation:
                    type: event_count
                    rules: [burst]
                    group-by: [TargetUserName]
                    timespan: 10m
                    condition: {gte: 2}
                level: high
                ---
                title: Repeated bursts then success
                correlation:
                    type: temporal_ordered
                    rules: [7b1f64a4-4f0e-4c39-9a3c-2a8f3b6c1d01, successful_login]
                    group-by: [TargetUserName]
                    timespan: 10m
                level: critical
                """).inTimeOrder();
        failures("a.json", "alice", 0, 10, 20, 200, 210, 220);   // two bursts: repeated
        both.event("a.json", 300, 4624, "TargetUserName", "alice");
        failures("a.json", "bob", 0, 10, 20);                     // one burst only
        both.event("a.json", 300, 4624, "TargetUserName", "bob");
        HuntWatchParity.Run run = both.same();
        // only the last correlation of the chain is reported (no generate)
        assertThat(run.alerts()).singleElement().asString().startsWith("Repeated bursts then success | 2025-07-18T10:05:00Z")
                .contains("TargetUserName=alice");
    }

    @Test
    void aliasesCountEventsOfTwoRulesWhoseFieldsAreNamedDifferently() throws IOException {
        both.rules("""
                title: Failures of one account
                correlation:
                    type: event_count
                    rules: [failed_login, kerberos_failure]
                    group-by: [account]
                    timespan: 5m
                    condition: {gte: 4}
                    aliases:
                        account:
                            failed_login: TargetUserName
                            kerberos_failure: AccountName
                level: high
                """).inTimeOrder();
        failures("a.json", "alice", 0, 10);
        both.event("a.json", 20, 4771, "AccountName", "alice");
        both.event("a.json", 30, 4771, "AccountName", "alice");          // 2 + 2 for alice: fires
        failures("a.json", "bob", 0, 10, 20);
        both.event("a.json", 30, 4771, "TargetUserName", "bob");         // the alias names AccountName: left out
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString().contains("account=alice").contains("4 events of");
        assertThat(run.counts().missingGroupBy()).isEqualTo(1);
    }

    @ParameterizedTest(name = "generate: {0}")
    @CsvSource({"true, 4", "false, 0"})
    void generateDecidesWhetherTheReferredRulesAreReportedOnTheirOwn(boolean generate, int own) throws IOException {
        both.rules(count("Burst", "1m", "{gte: 3}") + "generate: " + generate + "\n").inTimeOrder();
        failures("a.json", "alice", 0, 10, 20);
        both.event("a.json", 30, 4624, "TargetUserName", "alice");   // a rule no correlation refers to: always reported
        HuntWatchParity.Run run = both.same();
        assertThat(run.of("Burst")).hasSize(1);
        assertThat(run.of("Failed login")).hasSize(own == 0 ? 0 : 3);
        assertThat(run.of("Successful login")).hasSize(1);
    }

    @Test
    void valueCountLeavesOutEventsWithoutTheFieldAndJudgesAnUpperBoundWhenTheWindowCloses() throws IOException {
        both.rules("""
                title: Few addresses
                correlation:
                    type: value_count
                    rules: [failed_login]
                    group-by: [TargetUserName]
                    timespan: 10m
                    condition: {field: IpAddress, lte: 2}
                level: medium
                ---
                title: Many addresses
                correlation:
                    type: value_count
                    rules: [failed_login]
                    group-by: [TargetUserName]
                    timespan: 10m
                    condition: {field: IpAddress, gt: 2}
                level: high
                """).inTimeOrder();
        both.event("a.json", 0, 4625, "TargetUserName", "alice", "IpAddress", "10.0.0.1");
        both.event("a.json", 60, 4625, "TargetUserName", "alice", "IpAddress", "10.0.0.1");
        both.event("a.json", 120, 4625, "TargetUserName", "alice", "IpAddress", "10.0.0.2");
        both.event("a.json", 130, 4625, "TargetUserName", "alice");                          // no address: left out
        both.event("a.json", 0, 4625, "TargetUserName", "bob", "IpAddress", "10.0.0.1");
        both.event("a.json", 60, 4625, "TargetUserName", "bob", "IpAddress", "10.0.0.2");
        both.event("a.json", 600, 4625, "TargetUserName", "bob", "IpAddress", "10.0.0.3");   // the window's last instant
        both.event("a.json", 2000, 4625, "TargetUserName", "carol", "IpAddress", "10.0.0.9"); // event time moves on
        HuntWatchParity.Run run = both.same();
        assertThat(run.of("Many addresses")).singleElement().asString().contains("3 distinct values of IpAddress")
                .contains("TargetUserName=bob");
        assertThat(run.of("Few addresses")).hasSize(2)
                .anySatisfy(a -> assertThat(a).contains("2 distinct values of IpAddress in 3 events").contains("alice"))
                .anySatisfy(a -> assertThat(a).contains("1 distinct values of IpAddress in 1 events").contains("carol"));
        assertThat(run.counts().missingGroupBy()).isEqualTo(2);   // alice's event without an address, in each
    }

    // --- value_percentile, value_sum, value_avg ---

    @ParameterizedTest(name = "{0} with 1 rare of {1}")
    @CsvSource({"'{field: NewProcessName, lte: 1}', 100, 1", "'{field: NewProcessName, lte: 1}', 99, 0",
            "'{field: NewProcessName, lt: 1}', 100, 0", "'{field: NewProcessName, lt: 1}', 101, 1"})
    void valuePercentileBoundaries(String condition, int total, int alerts) throws IOException {
        both.rules("""
                title: Rare process
                name: process
                logsource: {product: windows, service: security}
                detection:
                    selection: {EventID: 4688}
                    condition: selection
                level: low
                ---
                title: Rare process on a computer
                correlation:
                    type: value_percentile
                    rules: [process]
                    group-by: [ComputerName]
                    timespan: 24h
                    condition: %s
                level: medium
                """.formatted(condition));
        for (int i = 0; i < total - 1; i++) {
            both.event("a.json", i, 4688, "ComputerName", "PC1", "NewProcessName", "svchost.exe");
        }
        both.event("a.json", total, 4688, "ComputerName", "PC1", "NewProcessName", "rare.exe");
        both.event("a.json", total + 1, 4688, "ComputerName", "PC1", "NewProcessName", "rare.exe"); // once per value
        assertThat(both.same().of("Rare process on a computer")).hasSize(alerts)
                .allSatisfy(a -> assertThat(a).contains("NewProcessName=rare.exe in "));
    }

    @Test
    void valueSumAndAverageCountValuesThatAreNoNumberAndGoOn() throws IOException {
        both.rules("""
                title: Upload volume
                correlation:
                    type: value_sum
                    rules: [upload]
                    group-by: [SubjectUserName]
                    timespan: 1h
                    condition: {field: Bytes, gt: 1000}
                level: medium
                ---
                title: Upload average
                correlation:
                    type: value_avg
                    rules: [upload]
                    group-by: [SubjectUserName]
                    timespan: 1h
                    condition: {field: Bytes, gte: 550}
                level: medium
                """).inTimeOrder();
        both.event("a.json", 0, 5145, "SubjectUserName", "alice", "Bytes", "500");
        both.event("a.json", 10, 5145, "SubjectUserName", "alice", "Bytes", "n/a");
        both.event("a.json", 20, 5145, "SubjectUserName", "alice", "Bytes", "NaN");
        both.event("a.json", 30, 5145, "SubjectUserName", "alice", "Bytes", "");
        both.event("a.json", 40, 5145, "SubjectUserName", "alice", "Bytes", " 600 ");
        HuntWatchParity.Run run = both.same();
        assertThat(run.of("Upload volume")).singleElement().asString().contains("sum of Bytes 1100 over 2 events");
        assertThat(run.of("Upload average")).singleElement().asString().contains("average of Bytes 550 over 2 events");
        assertThat(run.counts().notNumbers()).isEqualTo(6);   // three values, in each of the two correlations
    }

    // --- state bounds ---

    @Test
    void stateBoundsAreCountedTheSameWayInBoth() throws IOException {
        both.rules(count("Burst", "10m", "{gte: 10}")).limits(new Correlator.Limits(2, 5)).inTimeOrder();
        failures("a.json", "a", 0);
        failures("a.json", "b", 0);
        failures("a.json", "c", 0);                               // a third group: refused
        failures("a.json", "a", 10, 11, 12, 13, 14, 15, 16, 17);  // a keeps 5 of its 9
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).isEmpty();
        assertThat(run.counts().droppedGroups()).isEqualTo(1);
        assertThat(run.counts().droppedEvents()).isEqualTo(4);
    }
}
