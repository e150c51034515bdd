package dev.vigil.rules;

import dev.vigil.engine.Detector;
import dev.vigil.engine.Placeholders;
import dev.vigil.event.FieldEvent;
import dev.vigil.event.Origin;
import dev.vigil.event.Value;
import dev.vigil.rules.mapping.MappingLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Loading: multi-document files, Sigma 1 collections, filters, correlations, and YAML that must be refused. */
class LoaderTest {
    private static final String PROCESS_RULE = """
            title: Whoami
            id: 00000000-0000-4000-8000-000000000001
            level: high
            logsource:
              product: windows
              category: process_creation
            detection:
              selection:
                CommandLine|contains: whoami
              condition: selection
            """;

    private static RuleSet load(String text) {
        return new RuleLoader().addText("rules.yml", text).build();
    }

    private static List<String> matchingTitles(RuleSet ruleSet, String commandLine, String user) {
        Detector detector = Detector.compile(ruleSet, MappingLoader.builtIn(), Placeholders.NONE).detector();
        FieldEvent event = FieldEvent.builder(new Origin("test", "json", 1))
                .put("Event.System.EventID", new Value.Number("1"))
                .put("Event.System.Channel", "Microsoft-Windows-Sysmon/Operational")
                .put("Event.EventData.CommandLine", commandLine)
                .put("Event.EventData.User", user)
                .build();
        return detector.detect(event).stream().map(detection -> detection.rule().title()).toList();
    }

    private static List<RuleProblem> errors(RuleSet ruleSet) {
        return ruleSet.problems().stream().filter(RuleProblem::isError).toList();
    }

    @Test
    void allWithASingleValueLoadsWithAWarningOnItsLine() {
        RuleSet ruleSet = load(PROCESS_RULE.replace("CommandLine|contains: whoami", "CommandLine|contains|all: whoami"));

        assertThat(errors(ruleSet)).isEmpty();
        assertThat(ruleSet.rules()).hasSize(1);
        assertThat(ruleSet.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.isError()).isFalse();
            assertThat(problem.line()).isEqualTo(9);
            assertThat(problem.message()).contains("'CommandLine|contains|all' has 'all' with a single value");
        });
    }

    @Test
    void multiDocumentFileLoadsEveryDocument() {
        RuleSet ruleSet = load(PROCESS_RULE + "---\n" + PROCESS_RULE.replace("Whoami", "Second").replace("0001", "0002")
                + "---\n" + PROCESS_RULE.replace("Whoami", "Third").replace("0001", "0003"));
        assertThat(ruleSet.rules()).extracting(SigmaRule::title).containsExactly("Whoami", "Second", "Third");
        assertThat(ruleSet.problems()).isEmpty();
    }

    @Test
    void oneBadDocumentDoesNotStopTheOthers() {
        String bad = PROCESS_RULE.replace("Whoami", "Bad").replace("condition: selection", "condition: nothing");
        RuleSet ruleSet = load(PROCESS_RULE + "---\n" + bad);
        assertThat(ruleSet.rules()).extracting(SigmaRule::title).containsExactly("Whoami");
        assertThat(ruleSet.rejected()).isEqualTo(1);
        assertThat(errors(ruleSet)).singleElement().satisfies(problem -> assertThat(problem.line()).isEqualTo(21));
    }

    @Test
    void collectionGlobalRepeatAndReset() {
        String collection = """
                action: global
                title: Shared
                level: high
                logsource:
                  product: windows
                  category: process_creation
                detection:
                  condition: selection
                ---
                id: 00000000-0000-4000-8000-00000000000a
                title: First
                detection:
                  selection:
                    CommandLine|contains: alpha
                ---
                action: repeat
                id: 00000000-0000-4000-8000-00000000000b
                title: Repeated
                detection:
                  selection:
                    CommandLine|contains: beta
                ---
                action: reset
                ---
                title: Alone
                level: low
                logsource:
                  product: windows
                  category: process_creation
                detection:
                  selection:
                    CommandLine|contains: gamma
                  condition: selection
                """;
        RuleSet ruleSet = load(collection);
        assertThat(ruleSet.problems()).isEmpty();
        assertThat(ruleSet.rules()).extracting(SigmaRule::title).containsExactly("First", "Repeated", "Alone");
        assertThat(ruleSet.rules()).extracting(SigmaRule::level).containsExactly(Level.HIGH, Level.HIGH, Level.LOW);
        assertThat(matchingTitles(ruleSet, "alpha", "u")).containsExactly("First");
        assertThat(matchingTitles(ruleSet, "beta", "u")).containsExactly("Repeated");
        assertThat(matchingTitles(ruleSet, "gamma alpha", "u")).containsExactlyInAnyOrder("First", "Alone");
    }

    @Test
    void collectionErrorsHaveLines() {
        RuleSet repeatFirst = load("action: repeat\ntitle: x\n");
        assertThat(errors(repeatFirst)).singleElement().satisfies(problem -> assertThat(problem.line()).isEqualTo(1));
        RuleSet unknown = load("title: x\naction: explode\n");
        assertThat(errors(unknown)).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.message()).contains("explode");
        });
    }

    private static String filter(String logsource, String target) {
        return """
                title: Not for admins
                id: 00000000-0000-4000-8000-0000000000f1
                logsource:
                %s
                filter:
                  rules:
                    - %s
                  admin:
                    User: admin
                  condition: not admin
                """.formatted(logsource, target);
    }

    @Test
    void filterIsAppliedToTheRuleItNames() {
        RuleSet ruleSet = load(PROCESS_RULE + "---\n"
                + filter("  product: windows", "00000000-0000-4000-8000-000000000001"));
        assertThat(ruleSet.filters()).hasSize(1);
        assertThat(ruleSet.problems()).isEmpty();
        assertThat(matchingTitles(ruleSet, "whoami", "alice")).containsExactly("Whoami");
        assertThat(matchingTitles(ruleSet, "whoami", "ADMIN")).isEmpty();
    }

    @Test
    void filterIsNotAppliedOnLogsourceMismatch() {
        RuleSet ruleSet = load(PROCESS_RULE + "---\n"
                + filter("  product: linux", "00000000-0000-4000-8000-000000000001"));
        assertThat(ruleSet.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(RuleProblem.Severity.WARNING);
            assertThat(problem.message()).contains("not applied");
        });
        assertThat(matchingTitles(ruleSet, "whoami", "admin")).containsExactly("Whoami");
    }

    @Test
    void filterNamingAnUnknownRuleIsAWarning() {
        RuleSet ruleSet = load(PROCESS_RULE + "---\n" + filter("  product: windows", "no-such-rule"));
        assertThat(ruleSet.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(RuleProblem.Severity.WARNING);
            assertThat(problem.message()).contains("no-such-rule");
        });
        assertThat(matchingTitles(ruleSet, "whoami", "admin")).containsExactly("Whoami");
    }

    private static String correlation(String body) {
        return """
                title: Correlated
                id: 00000000-0000-4000-8000-0000000000c1
                name: correlated
                level: high
                correlation:
                """ + body;
    }

    static Stream<Arguments> correlations() {
        String rules = "  rules:\n    - 00000000-0000-4000-8000-000000000001\n";
        return Stream.of(
                arguments(rules + "  type: event_count\n  group-by:\n    - User\n  timespan: 5m\n  condition:\n    gte: 10\n",
                        SigmaCorrelation.Type.EVENT_COUNT, Duration.ofMinutes(5)),
                arguments(rules + "  type: value_count\n  group-by: [Computer]\n  timespan: 30s\n  condition:\n    field: User\n    gt: 3\n",
                        SigmaCorrelation.Type.VALUE_COUNT, Duration.ofSeconds(30)),
                arguments(rules + "  type: temporal\n  group-by: [User]\n  timespan: 2h\n",
                        SigmaCorrelation.Type.TEMPORAL, Duration.ofHours(2)),
                arguments(rules + "  type: temporal_ordered\n  timespan: 1d\n  generate: true\n",
                        SigmaCorrelation.Type.TEMPORAL_ORDERED, Duration.ofDays(1)),
                arguments(rules + "  type: value_sum\n  timespan: 1w\n  condition:\n    field: Bytes\n    gte: 1000000\n",
                        SigmaCorrelation.Type.VALUE_SUM, Duration.ofDays(7)),
                arguments(rules + "  type: value_avg\n  timespan: 1M\n  condition:\n    field: Bytes\n    lt: 5.5\n",
                        SigmaCorrelation.Type.VALUE_AVG, Duration.ofDays(30)),
                arguments(rules + "  type: value_percentile\n  timespan: 1y\n  condition:\n    field: Bytes\n    lte: 95\n",
                        SigmaCorrelation.Type.VALUE_PERCENTILE, Duration.ofDays(365)));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("correlations")
    void correlationParses(String body, SigmaCorrelation.Type type, Duration timespan) {
        RuleSet ruleSet = load(PROCESS_RULE + "---\n" + correlation(body));
        assertThat(ruleSet.problems()).isEmpty();
        assertThat(ruleSet.correlations()).singleElement().satisfies(parsed -> {
            assertThat(parsed.type()).isEqualTo(type);
            assertThat(parsed.timespan()).isEqualTo(timespan);
            assertThat(parsed.rules()).containsExactly("00000000-0000-4000-8000-000000000001");
        });
    }

    @Test
    void correlationGroupByAliasesAndGenerate() {
        String body = """
                  type: temporal
                  rules:
                    - 00000000-0000-4000-8000-000000000001
                    - other
                  group-by:
                    - internal_ip
                    - User
                  timespan: 10m
                  generate: true
                  aliases:
                    internal_ip:
                      00000000-0000-4000-8000-000000000001: SourceIp
                      other: DestinationIp
                """;
        String other = PROCESS_RULE.replace("id: 00000000-0000-4000-8000-000000000001", "name: other")
                .replace("Whoami", "Other");
        RuleSet ruleSet = load(PROCESS_RULE + "---\n" + other + "---\n" + correlation(body));
        assertThat(ruleSet.problems()).isEmpty();
        SigmaCorrelation parsed = ruleSet.correlations().get(0);
        assertThat(parsed.groupBy()).containsExactly("internal_ip", "User");
        assertThat(parsed.generate()).isTrue();
        assertThat(parsed.aliases()).containsEntry("internal_ip",
                Map.of("00000000-0000-4000-8000-000000000001", "SourceIp", "other", "DestinationIp"));
    }

    static Stream<Arguments> invalidCorrelations() {
        String rules = "  rules: [00000000-0000-4000-8000-000000000001]\n";
        return Stream.of(
                arguments(rules + "  type: event_sum\n  timespan: 5m\n  condition: {gte: 1}\n", 7),
                arguments(rules + "  type: event_count\n  timespan: 5 minutes\n  condition: {gte: 1}\n", 8),
                arguments(rules + "  type: event_count\n  timespan: 5x\n  condition: {gte: 1}\n", 8),
                arguments(rules + "  type: event_count\n  timespan: 5m\n", 6),
                arguments(rules + "  type: event_count\n  timespan: 5m\n  condition: {gte: many}\n", 9),
                arguments(rules + "  type: event_count\n  timespan: 5m\n  condition: {between: 1}\n", 9),
                arguments(rules + "  type: value_count\n  timespan: 5m\n  condition: {gte: 3}\n", 9),
                arguments(rules + "  type: temporal\n  timespan: 5m\n  generate: yes please\n", 9),
                arguments(rules + "  type: temporal\n  timespan: 5m\n  aliases:\n    ip: SourceIp\n", 10),
                arguments("  type: event_count\n  timespan: 5m\n  condition: {gte: 1}\n", 6));
    }

    @ParameterizedTest
    @MethodSource("invalidCorrelations")
    void invalidCorrelationIsRejectedWithALine(String body, int line) {
        RuleSet ruleSet = load(correlation(body));
        assertThat(ruleSet.correlations()).isEmpty();
        assertThat(ruleSet.rejected()).isEqualTo(1);
        assertThat(errors(ruleSet)).singleElement().satisfies(problem -> assertThat(problem.line()).isEqualTo(line));
    }

    static Stream<Arguments> unsafeYaml() {
        return Stream.of(
                arguments("title: !!java.net.URL [\"http://example.com\"]\n", 1),
                arguments("title: x\nid: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n", 2),
                arguments("title: x\nlevel: !custom high\n", 2),
                arguments("title: x\nlevel: high\nlevel: low\n", 3),
                arguments("title: x\ndetection:\n  sel:\n    A: 1\n  sel:\n    A: 2\n  condition: sel\n", 5));
    }

    @ParameterizedTest
    @MethodSource("unsafeYaml")
    void unsafeYamlIsRejectedWithALine(String text, int line) {
        RuleSet ruleSet = load(text);
        assertThat(ruleSet.rules()).isEmpty();
        assertThat(errors(ruleSet)).isNotEmpty();
        assertThat(errors(ruleSet).get(0).line()).isEqualTo(line);
    }

    @Test
    @Timeout(20)
    void billionLaughsIsRejected() {
        StringBuilder text = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int level = 1; level < 10; level++) {
            text.append("a").append(level).append(": &a").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                text.append(i == 0 ? "" : ",").append("*a").append(level - 1);
            }
            text.append("]\n");
        }
        text.append("title: bomb\n");
        RuleSet ruleSet = load(text.toString());
        assertThat(ruleSet.rules()).isEmpty();
        assertThat(errors(ruleSet)).isNotEmpty();
    }

    @Test
    @Timeout(20)
    void deepNestingIsRejectedWithoutStackOverflow() {
        String text = "title: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        assertThatCode(() -> {
            RuleSet ruleSet = load(text);
            assertThat(ruleSet.rules()).isEmpty();
            assertThat(errors(ruleSet)).isNotEmpty();
        }).doesNotThrowAnyException();
        String unclosed = "detection: " + "{a: ".repeat(10_000) + "\n";
        assertThatCode(() -> assertThat(errors(load(unclosed))).isNotEmpty()).doesNotThrowAnyException();
    }

    @Test
    void documentThatIsNotAMapIsAnError() {
        RuleSet ruleSet = load(PROCESS_RULE + "---\n- just\n- a list\n");
        assertThat(ruleSet.rules()).hasSize(1);
        assertThat(errors(ruleSet)).singleElement().satisfies(problem -> assertThat(problem.line()).isEqualTo(12));
    }
}
