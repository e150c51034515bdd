package dev.vigil.engine;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static dev.vigil.engine.RuleHarness.fieldRule;
import static dev.vigil.engine.RuleHarness.load;
import static dev.vigil.engine.RuleHarness.sysmon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Patterns that take exponential time in a backtracking engine, against a 100,000-character value that almost
 * matches. RE2/J runs in time linear in the input, so each case finishes; the timeout only catches a regression
 * to a backtracking engine, it does not measure speed. Wildcard patterns go through {@link TextMatcher}, which
 * must be linear as well.
 */
class CatastrophicRegexTest {
    private static final String ALMOST = "a".repeat(100_000) + "!";

    static Stream<Arguments> patterns() {
        return Stream.of(
                arguments("CommandLine|re", "'(a+)+$'", false),
                arguments("CommandLine|re", "'^(a+)+$'", false),
                arguments("CommandLine|re", "'(a|aa)*b'", false),
                arguments("CommandLine|re", "'(a|a)*b'", false),
                arguments("CommandLine|re", "'(a*)*b'", false),
                arguments("CommandLine|re", "'^(a?){50}a{50}$'", false),
                arguments("CommandLine|re", "'(.*a){20}!'", true),
                arguments("CommandLine|re|i", "'(A+)+!$'", true),
                arguments("CommandLine|re|s|m", "'^(a|aa)+$'", false),
                arguments("CommandLine", "'*a*a*a*a*a*a*a*a*a*a*a*b'", false),
                arguments("CommandLine|contains", "'a*a*a*a*a*a*a*a*a*a*b'", false),
                arguments("CommandLine", "'*a?a?a?a?a?a?a?a?a?a?b*'", false),
                arguments("CommandLine|contains|all", "['aaaa!', 'aab']", false),
                arguments("CommandLine|windash|contains", "'-a*a*a*a*b'", false));
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("patterns")
    @Timeout(10)
    void pathologicalPatternFinishes(String key, String yamlValue, boolean expected) {
        RuleHarness.Outcome outcome = load(fieldRule(key, yamlValue));
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.matches(sysmon(Map.of("CommandLine", ALMOST)))).isEqualTo(expected);
    }
}
