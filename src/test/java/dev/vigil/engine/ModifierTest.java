package dev.vigil.engine;

import dev.vigil.event.FieldEvent;
import dev.vigil.event.Value;
import dev.vigil.rules.RuleProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.vigil.engine.RuleHarness.fieldRule;
import static dev.vigil.engine.RuleHarness.load;
import static dev.vigil.engine.RuleHarness.rule;
import static dev.vigil.engine.RuleHarness.sysmon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every value modifier of the Sigma 2.1 modifiers appendix, one table row per (rule key, rule value, event
 * value, expected match). A {@code null} event value means the field is absent.
 */
class ModifierTest {
    private static final String ABSENT = null;

    private static String base64(String text, Charset charset) {
        return Base64.getEncoder().encodeToString(text.getBytes(charset));
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = new byte[first.length + second.length];
        System.arraycopy(first, 0, result, 0, first.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }

    static Stream<Arguments> cases() {
        Charset utf8 = StandardCharsets.UTF_8;
        Charset le = StandardCharsets.UTF_16LE;
        Charset be = StandardCharsets.UTF_16BE;
        return Stream.of(
                // case-insensitive equality by default
                arguments("CommandLine", "'WHOAMI'", "whoami", true),
                arguments("CommandLine", "'whoami'", "whoami /all", false),
                arguments("CommandLine", "['a', 'whoami']", "WhoAmI", true),
                // contains / startswith / endswith
                arguments("CommandLine|contains", "'AMI'", "whoami /all", true),
                arguments("CommandLine|contains", "'xyz'", "whoami /all", false),
                arguments("CommandLine|startswith", "'WHO'", "whoami", true),
                arguments("CommandLine|startswith", "'ami'", "whoami", false),
                arguments("CommandLine|endswith", "'/ALL'", "whoami /all", true),
                arguments("CommandLine|endswith", "'whoami'", "whoami /all", false),
                arguments("CommandLine|contains", "['foo', 'ami']", "whoami", true),
                // all
                arguments("CommandLine|contains|all", "['who', 'all']", "whoami /all", true),
                arguments("CommandLine|contains|all", "['who', 'priv']", "whoami /all", false),
                arguments("CommandLine|contains|all", "['who']", "whoami", true),
                arguments("CommandLine|contains|all", "'who'", "whoami", true),
                arguments("CommandLine|contains|all", "'who'", "ipconfig", false),
                // exists
                arguments("CommandLine|exists", "true", "x", true),
                arguments("CommandLine|exists", "true", "", true),
                arguments("CommandLine|exists", "true", ABSENT, false),
                arguments("CommandLine|exists", "false", ABSENT, true),
                arguments("CommandLine|exists", "false", "x", false),
                // cased
                arguments("CommandLine|cased", "'Whoami'", "Whoami", true),
                arguments("CommandLine|cased", "'Whoami'", "whoami", false),
                arguments("CommandLine|contains|cased", "'AMI'", "whoami", false),
                arguments("CommandLine|contains|cased", "'ami'", "whoami", true),
                // neq
                arguments("CommandLine|neq", "'a'", "a", false),
                arguments("CommandLine|neq", "'a'", "b", true),
                arguments("CommandLine|neq", "'A'", "a", false),
                arguments("CommandLine|neq", "['a', 'b']", "b", false),
                arguments("CommandLine|neq", "['a', 'b']", "a", false),
                arguments("CommandLine|neq", "['a', 'b']", "c", true),
                // windash: - / – — ― at the start of a word, not inside one
                arguments("CommandLine|windash|contains", "' -enc '", "powershell -enc ZQ", true),
                arguments("CommandLine|windash|contains", "' -enc '", "powershell /enc ZQ", true),
                arguments("CommandLine|windash|contains", "' -enc '", "powershell \u2013enc ZQ", true),
                arguments("CommandLine|windash|contains", "' -enc '", "powershell \u2014enc ZQ", true),
                arguments("CommandLine|windash|contains", "' -enc '", "powershell \u2015enc ZQ", true),
                arguments("CommandLine|windash|contains", "' -enc '", "powershell +enc ZQ", false),
                arguments("CommandLine|windash|contains", "' /enc '", "powershell -enc ZQ", true),
                arguments("CommandLine|windash|contains", "'a-b'", "a-b", true),
                arguments("CommandLine|windash|contains", "'a-b'", "a/b", false),
                arguments("CommandLine|windash|contains", "'a-b'", "a\u2013b", false),
                // re, case-sensitive unless i; m and s
                arguments("CommandLine|re", "'Who.mi'", "Whoami", true),
                arguments("CommandLine|re", "'Who.mi'", "whoami", false),
                arguments("CommandLine|re|i", "'Who.mi'", "WHOAMI", true),
                arguments("CommandLine|re", "'^b'", "a\nb", false),
                arguments("CommandLine|re|m", "'^b'", "a\nb", true),
                arguments("CommandLine|re", "'a.b'", "a\nb", false),
                arguments("CommandLine|re|s", "'a.b'", "a\nb", true),
                arguments("CommandLine|re|i|m|s", "'^B.C$'", "a\nb\nc", true),
                arguments("CommandLine|re", "'ami'", "whoami /all", true),
                // base64
                arguments("CommandLine|base64", "'whoami'", base64("whoami", utf8), true),
                arguments("CommandLine|base64", "'whoami'", base64("whoami /all", utf8), false),
                arguments("CommandLine|base64|contains", "'whoami'", "x " + base64("whoami", utf8) + " y", true),
                // base64offset|contains: all three alignments
                arguments("CommandLine|base64offset|contains", "'whoami /all'", base64("whoami /all tail", utf8), true),
                arguments("CommandLine|base64offset|contains", "'whoami /all'", base64("x" + "whoami /all", utf8), true),
                arguments("CommandLine|base64offset|contains", "'whoami /all'", base64("xx" + "whoami /all", utf8), true),
                arguments("CommandLine|base64offset|contains", "'whoami /all'", base64("xxx" + "whoami /all z", utf8), true),
                arguments("CommandLine|base64offset|contains", "'whoami /all'", base64("x" + "whoami /priv", utf8), false),
                // encodings then base64offset: PowerShell -EncodedCommand is base64 of UTF-16LE
                arguments("CommandLine|wide|base64offset|contains", "'Invoke-Mimikatz'",
                        "powershell -enc " + base64("IEX; Invoke-Mimikatz -Dump", le), true),
                arguments("CommandLine|wide|base64offset|contains", "'Invoke-Mimikatz'",
                        base64("x" + "Invoke-Mimikatz", le), true),
                arguments("CommandLine|wide|base64offset|contains", "'Invoke-Mimikatz'",
                        base64("xx" + "Invoke-Mimikatz", le), true),
                arguments("CommandLine|wide|base64offset|contains", "'Invoke-Mimikatz'",
                        base64("xxx" + "Invoke-Mimikatz", le), true),
                arguments("CommandLine|utf16le|base64offset|contains", "'Invoke-Mimikatz'",
                        base64("x" + "Invoke-Mimikatz", le), true),
                arguments("CommandLine|wide|base64offset|contains", "'Invoke-Mimikatz'",
                        base64("x" + "Invoke-Mimikatz", utf8), false),
                arguments("CommandLine|base64offset|contains", "'Invoke-Mimikatz'",
                        base64("x" + "Invoke-Mimikatz", le), false),
                arguments("CommandLine|utf16be|base64offset|contains", "'Invoke-Mimikatz'",
                        base64("xx" + "Invoke-Mimikatz", be), true),
                arguments("CommandLine|utf16be|base64offset|contains", "'Invoke-Mimikatz'",
                        base64("xx" + "Invoke-Mimikatz", utf8), false),
                arguments("CommandLine|utf16|base64offset|contains", "'Invoke-Mimikatz'",
                        base64(concat(new byte[] {(byte) 0xff, (byte) 0xfe}, "Invoke-Mimikatz".getBytes(le))), true),
                arguments("CommandLine|wide|base64", "'whoami'", base64("whoami", le), true),
                // cidr
                arguments("DestinationIp|cidr", "'10.0.0.0/8'", "10.1.2.3", true),
                arguments("DestinationIp|cidr", "'10.0.0.0/8'", "11.1.2.3", false),
                arguments("DestinationIp|cidr", "'192.168.1.0/24'", "192.168.1.255", true),
                arguments("DestinationIp|cidr", "'192.168.1.0/24'", "192.168.2.1", false),
                arguments("DestinationIp|cidr", "'172.16.0.0/12'", "172.31.255.255", true),
                arguments("DestinationIp|cidr", "'172.16.0.0/12'", "172.32.0.1", false),
                arguments("DestinationIp|cidr", "'10.0.0.0/8'", "not-an-ip", false),
                arguments("DestinationIp|cidr", "'10.0.0.0/8'", "", false),
                arguments("DestinationIp|cidr", "'10.0.0.0/8'", "10.1.2", false),
                arguments("DestinationIp|cidr", "'10.0.0.0/8'", "10.1.2.300", false),
                arguments("DestinationIp|cidr", "'0.0.0.0/0'", "203.0.113.9", true),
                arguments("DestinationIp|cidr", "'0.0.0.0/0'", "2001:db8::1", false),
                arguments("DestinationIp|cidr", "'10.1.2.3/32'", "10.1.2.3", true),
                arguments("DestinationIp|cidr", "'10.1.2.3/32'", "10.1.2.4", false),
                arguments("DestinationIp|cidr", "['10.0.0.0/8', '192.168.0.0/16']", "192.168.5.5", true),
                arguments("DestinationIp|cidr", "'2001:db8::/32'", "2001:db8::1", true),
                arguments("DestinationIp|cidr", "'2001:db8::/32'", "2001:DB8:FFFF::1", true),
                arguments("DestinationIp|cidr", "'2001:db8::/32'", "2001:db9::1", false),
                arguments("DestinationIp|cidr", "'2001:db8::/32'", "10.1.2.3", false),
                arguments("DestinationIp|cidr", "'::/0'", "fe80::1", true),
                arguments("DestinationIp|cidr", "'::1/128'", "::1", true),
                arguments("DestinationIp|cidr", "'::1/128'", "0:0:0:0:0:0:0:1", true),
                arguments("DestinationIp|cidr", "'::1/128'", "::2", false),
                arguments("DestinationIp|cidr", "'fe80::/10'", "fe80::1%eth0", true),
                arguments("DestinationIp|cidr", "'::ffff:0:0/96'", "::ffff:10.1.2.3", true),
                arguments("DestinationIp|cidr", "'::ffff:10.0.0.0/104'", "::ffff:10.1.2.3", true),
                arguments("DestinationIp|cidr", "'::ffff:10.0.0.0/104'", "::ffff:11.1.2.3", false),
                // Windows logs IPv4 peers of dual-stack sockets as IPv4-mapped IPv6 addresses
                arguments("DestinationIp|cidr", "'10.0.0.0/8'", "::ffff:10.1.2.3", true),
                arguments("DestinationIp|cidr", "'10.0.0.0/8'", "::ffff:11.1.2.3", false),
                arguments("DestinationIp|cidr", "'10.0.0.0/8'", "::1:10.1.2.3", false),
                arguments("DestinationIp|cidr", "'::ffff:0:0/96'", "not:an:ip::zz", false),
                // gt / gte / lt / lte
                arguments("ProcessId|gt", "10", "11", true),
                arguments("ProcessId|gt", "10", "10", false),
                arguments("ProcessId|gt", "10", new Value.Number("11"), true),
                arguments("ProcessId|gt", "'10'", "11", true),
                arguments("ProcessId|gte", "10", "10", true),
                arguments("ProcessId|gte", "10", new Value.Number("9"), false),
                arguments("ProcessId|lt", "10", "9", true),
                arguments("ProcessId|lt", "10", new Value.Number("10"), false),
                arguments("ProcessId|lte", "10", "10", true),
                arguments("ProcessId|lte", "10", "10.5", false),
                arguments("ProcessId|gt", "1.5", "1.75", true),
                arguments("ProcessId|lt", "0", "-3", true),
                arguments("ProcessId|gt", "10", "abc", false),
                arguments("ProcessId|lt", "10", "", false),
                arguments("ProcessId|gt", "10", ABSENT, false),
                // time parts
                arguments("UtcTime|minute", "28", "2025-07-19 07:28:36.123", true),
                arguments("UtcTime|minute", "29", "2025-07-19 07:28:36.123", false),
                arguments("UtcTime|hour", "7", "2025-07-19 07:28:36.123", true),
                arguments("UtcTime|hour", "8", "2025-07-19 07:28:36.123", false),
                arguments("UtcTime|day", "19", "2025-07-19 07:28:36.123", true),
                arguments("UtcTime|week", "29", "2025-07-19 07:28:36.123", true),
                arguments("UtcTime|week", "30", "2025-07-19 07:28:36.123", false),
                arguments("UtcTime|month", "7", "2025-07-19 07:28:36.123", true),
                arguments("UtcTime|year", "2025", "2025-07-19 07:28:36.123", true),
                arguments("UtcTime|year", "2024", "2025-07-19 07:28:36.123", false),
                arguments("UtcTime|minute", "28", "2025-07-19T07:28:36Z", true),
                arguments("UtcTime|hour", "7", "2025-07-19T07:28:36Z", true),
                arguments("UtcTime|day", "19", "2025-07-19T07:28:36Z", true),
                arguments("UtcTime|week", "29", "2025-07-19T07:28:36Z", true),
                arguments("UtcTime|month", "7", "2025-07-19T07:28:36Z", true),
                arguments("UtcTime|year", "2025", "2025-07-19T07:28:36Z", true),
                arguments("UtcTime|hour", "5", "2025-07-19T07:28:36+02:00", true),
                arguments("UtcTime|hour", "[6, 7]", "2025-07-19T07:28:36Z", true),
                arguments("UtcTime|hour", "7", "not a time", false),
                // wildcards and escapes
                arguments("CommandLine", "'who*'", "whoami /all", true),
                arguments("CommandLine", "'*ami*'", "whoami /all", true),
                arguments("CommandLine", "'who?mi'", "whoami", true),
                arguments("CommandLine", "'who?mi'", "whoaami", false),
                arguments("CommandLine", "'who?mi'", "whomi", false),
                arguments("CommandLine", "'a\\*b'", "a*b", true),
                arguments("CommandLine", "'a\\*b'", "axyzb", false),
                arguments("CommandLine", "'a\\?b'", "a?b", true),
                arguments("CommandLine", "'a\\?b'", "axb", false),
                arguments("CommandLine", "'a\\\\*'", "a\\anything", true),
                arguments("CommandLine", "'a\\\\*'", "a*", false),
                arguments("CommandLine", "'a\\\\\\*'", "a\\*", true),
                arguments("CommandLine", "'a\\\\\\*'", "a\\xyz", false),
                arguments("CommandLine", "'C:\\Windows\\'", "C:\\Windows\\", true),
                arguments("CommandLine", "'C:\\Windows\\'", "C:\\Windows\\System32", false),
                arguments("CommandLine|startswith", "'C:\\Windows\\'", "c:\\windows\\system32\\cmd.exe", true),
                arguments("CommandLine|contains", "'*'", "anything", true),
                arguments("CommandLine|contains", "'\\*'", "no star", false),
                // empty string and null
                arguments("CommandLine", "''", "", true),
                arguments("CommandLine", "''", "x", false),
                arguments("CommandLine", "''", ABSENT, false),
                arguments("CommandLine", "null", ABSENT, true),
                arguments("CommandLine", "null", new Value.Null(), true),
                arguments("CommandLine", "null", "x", false),
                arguments("CommandLine|neq", "null", "x", true),
                arguments("CommandLine|neq", "null", ABSENT, false),
                // numbers
                arguments("ProcessId", "1234", "1234", true),
                arguments("ProcessId", "1234", new Value.Number("1234"), true),
                arguments("ProcessId", "'1234'", new Value.Number("1234"), true),
                arguments("ProcessId", "1234", "12345", false),
                arguments("ProcessId", "1234", new Value.Number("1235"), false),
                arguments("ProcessId|startswith", "12", new Value.Number("1234"), true),
                arguments("ProcessId|contains", "23", "1234", true),
                // booleans
                arguments("Flag", "true", new Value.Bool(true), true),
                arguments("Flag", "true", "true", true),
                arguments("Flag", "true", "True", true),
                arguments("Flag", "true", new Value.Bool(false), false),
                arguments("Flag", "false", new Value.Bool(false), true),
                arguments("Flag", "false", "true", false),
                arguments("Flag", "'true'", new Value.Bool(true), true));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1} vs {2} -> {3}")
    @MethodSource("cases")
    void modifierMatches(String key, String yamlValue, Object eventValue, boolean expected) {
        RuleHarness.Outcome outcome = load(fieldRule(key, yamlValue));
        assertThat(outcome.errors()).as("errors").isEmpty();
        assertThat(outcome.runs()).isTrue();
        String field = key.contains("|") ? key.substring(0, key.indexOf('|')) : key;
        Map<String, Object> fields = new HashMap<>();
        if (eventValue != null) {
            fields.put(field, eventValue);
        }
        assertThat(outcome.matches(sysmon(fields))).isEqualTo(expected);
    }

    static Stream<Arguments> keywordCases() {
        return Stream.of(
                arguments("  keywords:\n    '|all':\n      - '*mimikatz*'\n      - '*sekurlsa*'\n  condition: keywords",
                        "mimikatz sekurlsa::logonpasswords", true),
                arguments("  keywords:\n    '|all':\n      - '*mimikatz*'\n      - '*sekurlsa*'\n  condition: keywords",
                        "mimikatz coffee", false),
                arguments("  keywords:\n    '|all': '*mimikatz*'\n  condition: keywords", "MIMIKATZ", true),
                arguments("  keywords:\n    - '*mimikatz*'\n    - '*sekurlsa*'\n  condition: keywords", "sekurlsa", true),
                arguments("  keywords:\n    - '*mimikatz*'\n  condition: keywords", "calc.exe", false),
                arguments("  keywords:\n    '|contains|all':\n      - mimi\n      - katz\n  condition: keywords",
                        "mimi and katz", true),
                arguments("  keywords:\n    '|contains|all':\n      - mimi\n      - katz\n  condition: keywords",
                        "mimi only", false),
                // a keyword is searched for anywhere in the event, wildcards or not (the specification's own example)
                arguments("  keywords:\n    '|all':\n      - 'OabVirtualDirectory'\n      - ' -ExternalUrl '\n  condition: keywords",
                        "Set-OabVirtualDirectory -ExternalUrl 'http://x/<script>'", true),
                arguments("  keywords:\n    '|all':\n      - 'OabVirtualDirectory'\n      - ' -ExternalUrl '\n  condition: keywords",
                        "Set-OabVirtualDirectory -InternalUrl 'http://x'", false),
                arguments("  keywords:\n    - 'event::clear'\n  condition: keywords", "mimikatz # EVENT::Clear", true),
                arguments("  keywords:\n    '|startswith': 'mimikatz'\n  condition: keywords", "run mimikatz", false),
                arguments("  keywords:\n    '|startswith': 'mimikatz'\n  condition: keywords", "mimikatz run", true));
    }

    @ParameterizedTest
    @MethodSource("keywordCases")
    void keywordMatches(String detection, String commandLine, boolean expected) {
        RuleHarness.Outcome outcome = load(rule(detection));
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.matches(sysmon(Map.of("CommandLine", commandLine)))).isEqualTo(expected);
    }

    static Stream<Arguments> eventIdCases() {
        return Stream.of(
                arguments("1", new Value.Number("1"), true),
                arguments("1", Value.text("1"), true),
                arguments("'1'", new Value.Number("1"), true),
                arguments("'1'", Value.text("1"), true),
                arguments("2", new Value.Number("1"), false));
    }

    @ParameterizedTest
    @MethodSource("eventIdCases")
    void eventIdNumberOrText(String yamlValue, Value eventId, boolean expected) {
        RuleHarness.Outcome outcome = load(fieldRule("EventID", yamlValue));
        FieldEvent event = FieldEvent.builder(new dev.vigil.event.Origin("test", "json", 1))
                .put("Event.System.EventID", eventId)
                .put("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational")
                .build();
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.matches(event)).isEqualTo(expected);
    }

    static Stream<Arguments> expandCases() {
        return Stream.of(
                arguments("'%admins%'", "bob", true),
                arguments("'%admins%'", "ALICE", true),
                arguments("'%admins%'", "carol", false),
                arguments("'CORP/%admins%'", "corp/alice", true),
                arguments("'%admins%@%domains%'", "bob@corp.example", true),
                arguments("'%admins%@%domains%'", "bob@other.example", false),
                arguments("'100\\%'", "100%", true));
    }

    @ParameterizedTest
    @MethodSource("expandCases")
    void expandUsesPlaceholders(String yamlValue, String user, boolean expected) {
        Placeholders placeholders = new Placeholders(Map.of(
                "admins", List.of("alice", "bob"),
                "domains", List.of("corp.example", "lab.example")));
        RuleHarness.Outcome outcome = load(fieldRule("User|expand", yamlValue), placeholders);
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.matches(sysmon(Map.of("User", user)))).isEqualTo(expected);
    }

    @Test
    void expandWithoutValuesIsAWarningAndTheRuleDoesNotRun() {
        RuleHarness.Outcome outcome = load(fieldRule("User|expand", "'%admins%'"), Placeholders.NONE);
        assertThat(outcome.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(RuleProblem.Severity.WARNING);
            assertThat(problem.line()).isEqualTo(10);
            assertThat(problem.message()).contains("admins");
        });
        assertThat(outcome.compilation().detector().ruleCount()).isZero();
        assertThat(outcome.compilation().rejected()).isZero();
        assertThat(outcome.matches(sysmon(Map.of("User", "%admins%")))).isFalse();
    }

    static Stream<Arguments> fieldrefCases() {
        return Stream.of(
                arguments("TargetUser|fieldref", "alice", "alice", true),
                arguments("TargetUser|fieldref", "alice", "ALICE", true),
                arguments("TargetUser|fieldref", "alice", "bob", false),
                arguments("TargetUser|fieldref", "alice", null, false),
                arguments("TargetUser|fieldref|neq", "alice", "bob", true),
                arguments("TargetUser|fieldref|neq", "alice", "alice", false),
                arguments("TargetUser|fieldref|cased", "alice", "ALICE", false),
                arguments("TargetUser|fieldref|contains", "xalicex", "alice", true),
                arguments("TargetUser|fieldref|startswith", "alicex", "alice", true),
                arguments("TargetUser|fieldref|endswith", "alicex", "alice", false));
    }

    @ParameterizedTest
    @MethodSource("fieldrefCases")
    void fieldrefComparesFields(String key, String target, String source, boolean expected) {
        RuleHarness.Outcome outcome = load(fieldRule(key, "SourceUser"));
        Map<String, Object> fields = new HashMap<>();
        fields.put("TargetUser", target);
        if (source != null) {
            fields.put("SourceUser", source);
        }
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.matches(sysmon(fields))).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("CommandLine|contains|startswith", "'a'"),
                arguments("CommandLine|startswith|endswith", "'a'"),
                arguments("CommandLine|re", "'(abc'"),
                arguments("CommandLine|re", "'a{2,1}'"),
                arguments("CommandLine|re|contains", "'abc'"),
                arguments("CommandLine|i", "'abc'"),
                arguments("DestinationIp|cidr", "'10.0.0.0/33'"),
                arguments("DestinationIp|cidr", "'10.0.0/8'"),
                arguments("DestinationIp|cidr", "'example.com/8'"),
                arguments("DestinationIp|cidr", "'::1/129'"),
                arguments("DestinationIp|cidr", "'10.0.0.0/x'"),
                arguments("CommandLine|exists", "maybe"),
                arguments("CommandLine|exists", "'true'"),
                arguments("CommandLine|exists", "[true, false]"),
                arguments("CommandLine|exists|contains", "true"),
                arguments("CommandLine|base64", "'who*mi'"),
                arguments("CommandLine|base64offset|contains", "'who?mi'"),
                arguments("CommandLine|base64offset", "'whoami'"),
                arguments("ProcessId|gt", "abc"),
                arguments("ProcessId|lte", "true"),
                arguments("UtcTime|hour", "seven"),
                arguments("CommandLine|nonsense", "'a'"),
                arguments("CommandLine|contains", "null"),
                arguments("CommandLine|contains", "[]"),
                arguments("CommandLine", "['a', null]"),
                arguments("CommandLine", "{a: b}"));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("invalid")
    void invalidCombinationIsAnErrorWithItsLine(String key, String yamlValue) {
        RuleHarness.Outcome outcome = load(fieldRule(key, yamlValue));
        assertThat(outcome.errors()).as("errors of %s: %s", key, yamlValue).isNotEmpty();
        assertThat(outcome.errors().get(0).line()).isEqualTo(10);
        assertThat(outcome.runs()).isFalse();
    }

    @Test
    void keywordCannotUseExistsOrFieldref() {
        for (String key : List.of("'|exists'", "'|fieldref'")) {
            RuleHarness.Outcome outcome = load(rule("  keywords:\n    " + key + ": true\n  condition: keywords"));
            assertThat(outcome.errors()).as(key).isNotEmpty();
            assertThat(outcome.errors().get(0).line()).isEqualTo(10);
        }
    }
}
