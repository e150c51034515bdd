package dev.vigil.runtime;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of the Sigma correlation rules specification (2.1.0: the examples of each correlation type, of field
 * name aliases, and the chained "failed logins followed by successful login"), written as rules and events, each run
 * through {@code hunt} and {@code watch} over the same files ({@link HuntWatchParity}): the two must report the same,
 * and what they report is asserted.
 */
class CorrelationSpecExamplesTest {
    @TempDir
    Path dir;

    private HuntWatchParity both;

    @BeforeEach
    void setUp() {
        both = new HuntWatchParity(dir).inTimeOrder(); // as a live log is written
    }

    private static String rule(String name, String id, int eventId) {
        return "title: " + name + "\n" + (id == null ? "" : "id: " + id + "\n") + "name: " + name + "\n"
                + "logsource: {product: windows, service: security}\n"
                + "detection:\n    selection: {EventID: " + eventId + "}\n    condition: selection\nlevel: low\n";
    }

    /** Many failed logins: at least 100 failed logins (the rule by id) on one ComputerName in an hour. */
    @Test
    void eventCountManyFailedLogins() throws IOException {
        both.rules(rule("failed_logon", "5638f7c0-ac70-491d-8465-2a65075e0d86", 4625)).rules("""
                title: Many failed logins
                id: 0e95725d-7320-415d-80f7-004da920fc11
                correlation:
                    type: event_count
                    rules:
                        - 5638f7c0-ac70-491d-8465-2a65075e0d86
                    group-by:
                        - ComputerName
                    timespan: 1h
                    condition:
                        gte: 100
                level: high
                """);
        for (int i = 0; i < 100; i++) {
            both.event("security.json", i * 30, 4625, "ComputerName", "SRV1");   // 100 in 49.5 min
            both.event("security.json", i * 40, 4625, "ComputerName", "SRV3");   // 100 in 66 min: at most 91 in an hour
            if (i < 99) {
                both.event("security.json", i * 10, 4625, "ComputerName", "SRV2"); // 99
            }
        }
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString().startsWith("Many failed logins | ")
                .contains("100 events of [5638f7c0-ac70-491d-8465-2a65075e0d86] for ComputerName=SRV1");
    }

    /** Failed logins with at least 100 different users per ComputerName and WorkstationName in a day. */
    @Test
    void valueCountFailedLoginsWithManyUsers() throws IOException {
        both.rules(rule("failed_logon", "5638f7c0-ac70-491d-8465-2a65075e0d86", 4625)).rules("""
                title: Failed login
                id: 0e95725d-7320-415d-80f7-004da920fc12
                correlation:
                    type: value_count
                    rules:
                        - 5638f7c0-ac70-491d-8465-2a65075e0d86
                    group-by:
                        - ComputerName
                        - WorkstationName
                    timespan: 1d
                    condition:
                        field: User
                        gte: 100
                level: high
                """);
        for (int i = 0; i < 100; i++) {
            both.event("security.json", i * 60, 4625, "ComputerName", "SRV1", "WorkstationName", "WS1", "User", "u" + i);
            // WS2: 99 users, each twice (198 events)
            both.event("security.json", i * 60, 4625, "ComputerName", "SRV1", "WorkstationName", "WS2", "User", "u" + (i % 99));
            both.event("security.json", i * 60 + 1, 4625, "ComputerName", "SRV1", "WorkstationName", "WS2", "User", "u" + (i % 99));
        }
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString().startsWith("Failed login | ")
                .contains("100 distinct values of User").contains("ComputerName=SRV1, WorkstationName=WS1");
    }

    /** Value count over several fields (2.1: "linked by an AND"): distinct User and WorkstationName pairs. */
    @Test
    void valueCountOverSeveralFieldsCountsDistinctCombinations() throws IOException {
        both.rules(rule("failed_logon", "5638f7c0-ac70-491d-8465-2a65075e0d86", 4625)).rules("""
                title: Failed logins from many user and workstation pairs
                correlation:
                    type: value_count
                    rules: [5638f7c0-ac70-491d-8465-2a65075e0d86]
                    group-by: [ComputerName]
                    timespan: 1h
                    condition:
                        field: [User, WorkstationName]
                        gte: 3
                level: high
                """);
        // SRV1: (a, WS1), (a, WS2), (b, WS1): three pairs of two users and two workstations
        both.event("a.json", 0, 4625, "ComputerName", "SRV1", "User", "a", "WorkstationName", "WS1");
        both.event("a.json", 1, 4625, "ComputerName", "SRV1", "User", "a", "WorkstationName", "WS2");
        both.event("a.json", 2, 4625, "ComputerName", "SRV1", "User", "b", "WorkstationName", "WS1");
        // SRV2: (a, WS1) twice, (b, WS2), and one without a workstation: two pairs
        both.event("a.json", 0, 4625, "ComputerName", "SRV2", "User", "a", "WorkstationName", "WS1");
        both.event("a.json", 1, 4625, "ComputerName", "SRV2", "User", "a", "WorkstationName", "WS1");
        both.event("a.json", 2, 4625, "ComputerName", "SRV2", "User", "b", "WorkstationName", "WS2");
        both.event("a.json", 3, 4625, "ComputerName", "SRV2", "User", "c");
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString()
                .contains("3 distinct values of User, WorkstationName in 3 events").contains("ComputerName=SRV1");
        assertThat(run.counts().missingGroupBy()).isEqualTo(1);
    }

    @Test
    void onlyValueCountTakesSeveralFields() throws IOException {
        java.nio.file.Path file = dir.resolve("sum.yml");
        java.nio.file.Files.writeString(file, """
                title: Sum of two
                correlation:
                    type: value_sum
                    rules: [x]
                    group-by: [User]
                    timespan: 1h
                    condition:
                        field: [a, b]
                        gt: 1
                """);
        assertThat(new dev.vigil.rules.RuleLoader().addPath(file).build().problems()).singleElement().asString()
                .contains("sum.yml").contains(":8").contains("'condition.field' must be a field name");
    }

    /** The specification's reconnaissance example: three rules (4688, 4689, 4690), on one system by one user. */
    private void recon(String title, String type) {
        both.rules(rule("recon_cmd_a", null, 4688)).rules(rule("recon_cmd_b", null, 4689)).rules(rule("recon_cmd_c", null, 4690))
                .rules("""
                        title: %s
                        correlation:
                            type: %s
                            rules:
                                - recon_cmd_a
                                - recon_cmd_b
                                - recon_cmd_c
                            group-by:
                                - ComputerName
                                - User
                            timespan: 5m
                        level: high
                        """.formatted(title, type));
    }

    /**
     * pySigma reads {@code value_percentile} as "the N-th percentile of the field, compared", with a {@code percentile}
     * key that the specification does not have; Vigil reads it as the specification's example does (the share of
     * the value), so a rule written with that key is refused, naming the line, rather than run with another meaning.
     */
    @Test
    void aPercentileKeyInTheConditionIsRefusedNamingTheLine() throws IOException {
        java.nio.file.Path file = dir.resolve("percentile.yml");
        java.nio.file.Files.writeString(file, """
                title: High percentile latency
                correlation:
                    type: value_percentile
                    rules: [network_traffic]
                    group-by: [SourceIP]
                    timespan: 15m
                    condition:
                        gte: 500
                        field: Latency
                        percentile: 95
                """);
        assertThat(new dev.vigil.rules.RuleLoader().addPath(file).build().problems()).singleElement().asString()
                .contains("percentile.yml").contains(":10").contains("'percentile' is not one of");
    }

    /** Reconnaissance commands of three rules, in any order, within 5 minutes, on one system by one user. */
    @Test
    void temporalReconnaissance() throws IOException {
        recon("Recon", "temporal");
        both.event("a.json", 0, 4690, "ComputerName", "PC1", "User", "alice");   // c, a, b: any order
        both.event("a.json", 60, 4688, "ComputerName", "PC1", "User", "alice");
        both.event("a.json", 120, 4689, "ComputerName", "PC1", "User", "alice");
        both.event("a.json", 0, 4688, "ComputerName", "PC1", "User", "bob");     // bob: c on another system
        both.event("a.json", 10, 4689, "ComputerName", "PC1", "User", "bob");
        both.event("a.json", 20, 4690, "ComputerName", "PC2", "User", "bob");
        both.event("a.json", 0, 4688, "ComputerName", "PC2", "User", "alice");   // alice on PC2: c 6 min after a
        both.event("a.json", 30, 4689, "ComputerName", "PC2", "User", "alice");
        both.event("a.json", 360, 4690, "ComputerName", "PC2", "User", "alice");
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString().startsWith("Recon | 2025-07-18T10:02:00Z")
                .contains("ComputerName=PC1, User=alice");
    }

    /** The same three rules, now in the order listed (the specification's schema test "Recon ordered"). */
    @Test
    void temporalOrderedReconnaissance() throws IOException {
        recon("Recon ordered", "temporal_ordered");
        both.event("a.json", 0, 4688, "ComputerName", "PC1", "User", "alice");   // a, b, c: in order
        both.event("a.json", 60, 4689, "ComputerName", "PC1", "User", "alice");
        both.event("a.json", 120, 4690, "ComputerName", "PC1", "User", "alice");
        both.event("a.json", 0, 4690, "ComputerName", "PC1", "User", "bob");     // c, b, a: not in order
        both.event("a.json", 60, 4689, "ComputerName", "PC1", "User", "bob");
        both.event("a.json", 120, 4688, "ComputerName", "PC1", "User", "bob");
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString().startsWith("Recon ordered | 2025-07-18T10:02:00Z")
                .contains("User=alice");
    }

    /** The chained example: 10 failed logins of a user (event_count) followed by a success (temporal_ordered). */
    @Test
    void temporalOrderedFailedLoginsFollowedBySuccessfulLogin() throws IOException {
        both.rules("""
                title: Correlation - Multiple Failed Logins Followed by Successful Login
                id: b180ead8-d58f-40b2-ae54-c8940995b9b6
                status: experimental
                correlation:
                    type: temporal_ordered
                    rules:
                        - multiple_failed_login
                        - successful_login
                    group-by:
                        - User
                    timespan: 10m
                level: high
                ---
                title: Multiple failed logons
                id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
                name: multiple_failed_login
                correlation:
                    type: event_count
                    rules:
                        - failed_login
                    group-by:
                        - User
                    timespan: 10m
                    condition:
                        gte: 10
                ---
                title: Single failed login
                id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
                name: failed_login
                logsource:
                    product: windows
                    service: security
                detection:
                    selection:
                        EventID:
                            - 529
                            - 4625
                    condition: selection
                ---
                title: Successful login
                id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
                name: successful_login
                logsource:
                    product: windows
                    service: security
                detection:
                    selection:
                        EventID:
                            - 528
                            - 4624
                    condition: selection
                """);
        for (int i = 0; i < 10; i++) {
            both.event("security.json", i * 20, i % 2 == 0 ? 4625 : 529, "User", "alice");
            both.event("security.json", 5 + i * 20, 4625, "User", "bob");
        }
        both.event("security.json", 300, 4624, "User", "alice");   // after alice's 10th failure: fires
        both.event("security.json", 1, 4624, "User", "bob");       // bob's success came before: no
        both.event("security.json", 400, 528, "User", "carol");    // a success alone: no
        HuntWatchParity.Run run = both.same();
        // neither the intermediate correlation nor the base rules are reported on their own (no generate)
        assertThat(run.alerts()).singleElement().asString()
                .startsWith("Correlation - Multiple Failed Logins Followed by Successful Login | 2025-07-18T10:05:00Z")
                .contains("User=alice");
    }

    /** Possible exfiltration: over 1,000,000 bytes sent per source address and user in an hour. */
    @Test
    void valueSumPossibleExfiltration() throws IOException {
        both.rules(rule("website_access", null, 5156)).rules("""
                title: Possible Exfiltration to Website
                correlation:
                    type: value_sum
                    rules:
                        - website_access
                    group-by:
                        - SourceIP
                        - User
                    timespan: 1h
                    condition:
                        field: bytes_sent
                        gt: 1000000
                level: high
                """);
        for (int i = 0; i < 3; i++) {
            both.event("web.json", i * 600, 5156, "SourceIP", "10.0.0.5", "User", "alice", "bytes_sent", "400000");
        }
        both.event("web.json", 0, 5156, "SourceIP", "10.0.0.6", "User", "bob", "bytes_sent", "500000");
        both.event("web.json", 60, 5156, "SourceIP", "10.0.0.6", "User", "bob", "bytes_sent", "500000"); // exactly 1e6: not gt
        both.event("web.json", 0, 5156, "SourceIP", "10.0.0.7", "User", "carol", "bytes_sent", "900000");
        both.event("web.json", 3601, 5156, "SourceIP", "10.0.0.7", "User", "carol", "bytes_sent", "900000"); // an hour apart
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString().startsWith("Possible Exfiltration to Website | 2025-07-18T10:20:00Z")
                .contains("sum of bytes_sent 1200000 over 3 events").contains("SourceIP=10.0.0.5, User=alice");
    }

    /** Suspicious average traffic: an average BytesOut over 500 per source address and user in a day. */
    @Test
    void valueAvgSuspiciousAverageTraffic() throws IOException {
        both.rules(rule("rule_a_id", null, 5156)).rules("""
                title: Suspicious average network traffic
                correlation:
                    type: value_avg
                    rules:
                        - rule_a_id
                    group-by:
                        - SourceIP
                        - User
                    timespan: 24h
                    condition:
                        field: BytesOut
                        gt: 500
                level: medium
                """);
        both.event("net.json", 0, 5156, "SourceIP", "10.0.0.5", "User", "alice", "BytesOut", "400");
        both.event("net.json", 60, 5156, "SourceIP", "10.0.0.5", "User", "alice", "BytesOut", "700");  // average 550
        both.event("net.json", 0, 5156, "SourceIP", "10.0.0.6", "User", "bob", "BytesOut", "500");
        both.event("net.json", 60, 5156, "SourceIP", "10.0.0.6", "User", "bob", "BytesOut", "500");    // 500: not gt
        both.event("net.json", 0, 5156, "SourceIP", "10.0.0.7", "User", "carol", "BytesOut", "100");
        both.event("net.json", 90_000, 5156, "SourceIP", "10.0.0.7", "User", "carol", "BytesOut", "600"); // the 100 fell out
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).hasSize(2)
                .anySatisfy(a -> assertThat(a).startsWith("Suspicious average network traffic | 2025-07-18T10:01:00Z")
                        .contains("average of BytesOut 550 over 2 events").contains("User=alice"))
                .anySatisfy(a -> assertThat(a).contains("average of BytesOut 600 over 1 events").contains("User=carol"));
    }

    /**
     * A process name that is at most 1 % of the processes a computer started in 24 hours ({@code Image} is
     * {@code NewProcessName} in a Security 4688 event, by the logsource mapping).
     */
    @Test
    void valuePercentileRareProcess() throws IOException {
        both.rules(rule("process_creation", null, 4688)).rules("""
                title: A computer spawned a processes name in the last 24h than 1% of all the processes.
                correlation:
                    type: value_percentile
                    rules:
                        - process_creation
                    group-by:
                        - ComputerName
                    timespan: 24h
                    condition:
                        field: Image
                        lte: 1
                level: medium
                """);
        for (int i = 0; i < 199; i++) {
            both.event("proc.json", i, 4688, "ComputerName", "PC1", "NewProcessName", "C:\\Windows\\System32\\svchost.exe");
        }
        both.event("proc.json", 300, 4688, "ComputerName", "PC1", "NewProcessName", "C:\\Users\\Public\\rare.exe");  // 1 of 200: 0.5 %
        for (int i = 0; i < 98; i++) {
            both.event("proc.json", i, 4688, "ComputerName", "PC3", "NewProcessName", "C:\\Windows\\System32\\svchost.exe");
        }
        both.event("proc.json", 300, 4688, "ComputerName", "PC3", "NewProcessName", "C:\\Users\\Public\\rare.exe");  // 1 of 99: 1.01 %
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString().contains("rare.exe in 0.50% of 200 events")
                .contains("ComputerName=PC1");
    }

    /**
     * Field name aliases: an internal error and a new network connection between the same two addresses, written
     * as destination/source in one event and source/destination in the other, within 10 seconds.
     */
    @Test
    void aliasesInternalErrorAndNewConnection() throws IOException {
        both.rules("""
                title: Internal error
                name: internal_error
                logsource: {product: windows, service: security}
                detection:
                    selection:
                        EventID: 500
                    condition: selection
                ---
                title: New network connection
                name: new_network_connection
                logsource: {product: windows, service: security}
                detection:
                    selection:
                        EventID: 5156
                        outcome: success
                    condition: selection
                ---
                title: Error then connection between the same addresses
                correlation:
                    type: temporal
                    rules:
                        - internal_error
                        - new_network_connection
                    group-by:
                        - internal_ip
                        - remote_ip
                    timespan: 10s
                    aliases:
                        internal_ip:
                            internal_error: DestinationIp
                            new_network_connection: SourceIp
                        remote_ip:
                            internal_error: SourceIp
                            new_network_connection: DestinationIp
                level: high
                """);
        both.event("a.json", 0, 500, "SourceIp", "203.0.113.9", "DestinationIp", "10.0.0.1");
        both.event("a.json", 4, 5156, "outcome", "success", "SourceIp", "10.0.0.1", "DestinationIp", "203.0.113.9");
        both.event("a.json", 100, 500, "SourceIp", "203.0.113.9", "DestinationIp", "10.0.0.2");
        both.event("a.json", 104, 5156, "outcome", "success", "SourceIp", "10.0.0.2", "DestinationIp", "203.0.113.8"); // other remote
        both.event("a.json", 200, 500, "SourceIp", "203.0.113.9", "DestinationIp", "10.0.0.3");
        both.event("a.json", 211, 5156, "outcome", "success", "SourceIp", "10.0.0.3", "DestinationIp", "203.0.113.9"); // 11 s
        HuntWatchParity.Run run = both.same();
        assertThat(run.alerts()).singleElement().asString().startsWith("Error then connection between the same addresses | ")
                .contains("internal_ip=10.0.0.1, remote_ip=203.0.113.9");
    }
}
