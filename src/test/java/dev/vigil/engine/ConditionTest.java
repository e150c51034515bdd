package dev.vigil.engine;

import dev.vigil.rules.ConditionParser;
import dev.vigil.rules.RuleProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.vigil.engine.RuleHarness.load;
import static dev.vigil.engine.RuleHarness.rule;
import static dev.vigil.engine.RuleHarness.sysmon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Conditions over five searches whose truth is set per row: each search {@code s} matches when the command line
 * holds the token {@code tok_s}.
 */
class ConditionTest {
    private static final List<String> SEARCHES = List.of("sel1", "sel2", "filter_a", "filter_b", "_private");

    private static String searches() {
        return SEARCHES.stream()
                .map(name -> "  " + name + ":\n    CommandLine|contains: 'tok_" + name + "'\n")
                .collect(Collectors.joining());
    }

    private static boolean evaluate(String conditionYaml, String trueSearches) {
        RuleHarness.Outcome outcome = load(rule(searches() + "  condition: " + conditionYaml));
        assertThat(outcome.problems()).as(conditionYaml).isEmpty();
        String commandLine = Arrays.stream(trueSearches.split(" ")).filter(name -> !name.isEmpty())
                .map(name -> "tok_" + name).collect(Collectors.joining(" ", "run ", ""));
        return outcome.matches(sysmon(Map.of("CommandLine", commandLine)));
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                arguments("sel1", "sel1", true),
                arguments("sel1", "sel2", false),
                arguments("'sel1 and sel2'", "sel1 sel2", true),
                arguments("'sel1 and sel2'", "sel1", false),
                arguments("'sel1 or sel2'", "sel2", true),
                arguments("'sel1 or sel2'", "", false),
                // and binds tighter than or
                arguments("'sel1 or sel2 and filter_a'", "sel1", true),
                arguments("'sel1 or sel2 and filter_a'", "sel2", false),
                arguments("'sel1 or sel2 and filter_a'", "sel2 filter_a", true),
                arguments("'(sel1 or sel2) and filter_a'", "sel1", false),
                arguments("'(sel1 or sel2) and filter_a'", "sel1 filter_a", true),
                arguments("'sel1 and sel2 or filter_a'", "filter_a", true),
                // not binds tighter than and
                arguments("'not sel1 and sel2'", "sel2", true),
                arguments("'not sel1 and sel2'", "sel1 sel2", false),
                arguments("'not sel1 and sel2'", "", false),
                arguments("'not (sel1 and sel2)'", "", true),
                arguments("'not (sel1 or sel2)'", "", true),
                arguments("'not (sel1 or sel2)'", "sel2", false),
                arguments("'not not sel1'", "sel1", true),
                arguments("'sel1 and not filter_a and not filter_b'", "sel1", true),
                arguments("'sel1 and not filter_a and not filter_b'", "sel1 filter_b", false),
                arguments("'sel1 and not 1 of filter_*'", "sel1", true),
                arguments("'sel1 and not 1 of filter_*'", "sel1 filter_a", false),
                arguments("'((sel1))'", "sel1", true),
                arguments("'(sel1 or (sel2 and (filter_a or filter_b)))'", "sel2 filter_b", true),
                arguments("'(sel1 or (sel2 and (filter_a or filter_b)))'", "sel2", false),
                // quantifiers
                arguments("'1 of sel*'", "sel2", true),
                arguments("'1 of sel*'", "filter_a", false),
                arguments("'any of sel*'", "sel1", true),
                arguments("'all of sel*'", "sel1", false),
                arguments("'all of sel*'", "sel1 sel2", true),
                arguments("'all of filter_*'", "filter_a filter_b", true),
                arguments("'1 of them'", "filter_b", true),
                arguments("'1 of them'", "_private", false),
                arguments("'1 of them'", "", false),
                arguments("'all of them'", "sel1 sel2 filter_a filter_b", true),
                arguments("'all of them'", "sel1 sel2 filter_a", false),
                arguments("'1 of _priv*'", "_private", true),
                arguments("'all of sel* and not 1 of filter_*'", "sel1 sel2", true),
                arguments("'all of sel* and not 1 of filter_*'", "sel1 sel2 filter_b", false),
                arguments("'1 of sel* or _private'", "_private", true),
                // operators are case-insensitive
                arguments("'sel1 AND NOT filter_a'", "sel1", true),
                arguments("'sel1 Or sel2'", "sel2", true),
                arguments("'ALL OF sel*'", "sel1 sel2", true),
                arguments("'1 OF THEM'", "sel1", true),
                arguments("'Any Of filter_*'", "filter_b", true),
                // condition lists are ORed
                arguments("\n    - sel1\n    - 'sel2 and filter_a'", "sel2 filter_a", true),
                arguments("\n    - sel1\n    - 'sel2 and filter_a'", "sel1", true),
                arguments("\n    - sel1\n    - 'sel2 and filter_a'", "sel2", false));
    }

    @ParameterizedTest(name = "[{index}] {0} with [{1}] -> {2}")
    @MethodSource("conditions")
    void conditionEvaluates(String condition, String trueSearches, boolean expected) {
        assertThat(evaluate(condition, trueSearches)).isEqualTo(expected);
    }

    static Stream<Arguments> parseErrors() {
        return Stream.of(
                arguments("sel1 and", 9),
                arguments("(sel1", 6),
                arguments("sel1)", 5),
                arguments("()", 2),
                arguments("2 of sel*", 1),
                arguments("sel1 | count() > 5", 6),
                arguments("sel1 sel2", 6),
                arguments("not", 4),
                arguments("sel1 and or sel2", 10),
                arguments("1 of", 5),
                arguments("1 of and", 6),
                arguments("sel1 & sel2", 6),
                arguments("", 0),
                arguments("   ", 0));
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' at column {1}")
    @MethodSource("parseErrors")
    void conditionParseErrorHasColumn(String condition, int column) {
        assertThatThrownBy(() -> ConditionParser.parse(condition))
                .isInstanceOfSatisfying(ConditionParser.ConditionException.class,
                        exception -> assertThat(exception.column()).isEqualTo(column));
    }

    static Stream<Arguments> ruleErrors() {
        return Stream.of(
                arguments("'sel1 and'", "column 9"),
                arguments("'sel1 | count() > 5'", "column 6"),
                arguments("'sel1 and unknown'", "unknown"),
                arguments("'1 of nothing*'", "nothing*"),
                arguments("'all of x'", "'x'"));
    }

    @ParameterizedTest
    @MethodSource("ruleErrors")
    void conditionErrorInARuleHasLine(String condition, String messagePart) {
        RuleHarness.Outcome outcome = load(rule(searches() + "  condition: " + condition));
        assertThat(outcome.errors()).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(RuleProblem.Severity.ERROR);
            assertThat(problem.line()).isEqualTo(9 + 2 * SEARCHES.size());
            assertThat(problem.message()).contains(messagePart);
        });
        assertThat(outcome.ruleSet().rules()).isEmpty();
    }

    static Stream<Arguments> deeplyNested() {
        return Stream.of(arguments("(".repeat(10_000) + "sel1" + ")".repeat(10_000)),
                arguments("not ".repeat(10_000) + "sel1"));
    }

    @ParameterizedTest
    @MethodSource("deeplyNested")
    void deepNestingIsAnErrorNotAStackOverflow(String condition) {
        assertThatThrownBy(() -> ConditionParser.parse(condition))
                .isInstanceOf(ConditionParser.ConditionException.class);
    }
}
