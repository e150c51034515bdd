package dev.vigil.engine;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.vigil.engine.RuleHarness.fieldRule;
import static dev.vigil.engine.RuleHarness.load;
import static dev.vigil.engine.RuleHarness.sysmon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Case-insensitive regular expressions that RE2/J 1.8 would compile forever (U+1C80–U+1C88, see
 * {@link RegexGuard}) are refused with an error naming the character, and nothing else is. Each compile runs on
 * a daemon thread with a time limit, so that a regression fails the test instead of hanging the build.
 */
class RegexGuardTest {

    /** The guard's nine characters are exactly those whose case orbit in the RE2/J on the class path never closes. */
    @Test
    void theRefusedCharactersAreExactlyTheOpenOrbitsOfThisRe2j() throws ReflectiveOperationException {
        Method simpleFold = Class.forName("com.google.re2j.Unicode").getDeclaredMethod("simpleFold", int.class);
        simpleFold.setAccessible(true);
        List<Integer> open = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            int folded = (int) simpleFold.invoke(null, c);
            for (int step = 0; step < 16 && folded != c; step++) {
                folded = (int) simpleFold.invoke(null, folded);
            }
            if (folded != c) {
                open.add(c);
            }
            assertThat(RegexGuard.open(c)).as("U+%04X", c).isEqualTo(folded != c);
        }
        assertThat(open).hasSize(9).startsWith(0x1C80).endsWith(0x1C88);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            CommandLine|re|i ; `'xᲀy'` ; U+1C80
            CommandLine|re ; `'(?i)zᲈ'` ; U+1C88
            CommandLine|re ; `'a(?mi:ᲃ)'` ; U+1C83
            CommandLine|re|i ; `'x\\x{1C84}'` ; U+1C84
            CommandLine|re|i ; `'[Ѐ-ᴀ]'` ; U+1C80
            CommandLine|re|i ; `'[a\\x{1C00}-\\x{1C81}]'` ; U+1C80
            CommandLine|re|i ; `'\\Qaᲅb\\E'` ; U+1C85
            CommandLine|re|i ; `'\\x{0000000001C80}'` ; U+1C80
            CommandLine|re|i ; `'[\\x{0000000001C00}-\\x{1CFF}]'` ; U+1C80
            CommandLine|re|i ; `'[\\0-\\x{1CFF}]'` ; U+1C80
            CommandLine|re|i ; `'[\\x41-\\x{1CFF}]'` ; U+1C80
            CommandLine|re|i ; `'[[:ᲀ]'` ; U+1C80
            CommandLine|re|i ; `'[[:a-\\x{1CFF}]'` ; U+1C80
            CommandLine|re|i ; `'[\\d-\\x{1CFF}]'` ; U+1C80
            """)
    void aRuleThatWouldHangLoadingIsRefusedWithTheCharacter(String key, String yamlValue, String character) {
        RuleHarness.Outcome outcome = within(() -> load(fieldRule(key, yamlValue)));
        assertThat(outcome.errors()).hasSize(1);
        assertThat(outcome.errors().get(0).toString()).contains(character).contains("case-insensitive")
                .contains("never ends");
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            CommandLine|re ; `'xᲀy'` ; xᲀy ; true
            CommandLine|re ; `'(?-i)xᲀ'` ; xᲀ ; true
            CommandLine|re|i ; `'ЖᲉ'` ; жᲉ ; true
            CommandLine|re|i ; `'[Ѐ-ӿ]x'` ; Ӂx ; true
            CommandLine|re|i ; `'[\\x{0000000000400}-\\x{04FF}]x'` ; Ӂx ; true
            CommandLine|re|i ; `'[\\0-\\x{1C7F}]z'` ; Ӂz ; true
            CommandLine|re|i ; `'[[:alpha:]]ж'` ; aЖ ; true
            CommandLine|re|i ; `'[\\x{1C89}-\\x{1CFF}]'` ; a ; false
            CommandLine|re|i ; `'\\(?ia\\)'` ; (?ia) ; true
            """)
    void otherRegexesStillLoad(String key, String yamlValue, String commandLine, boolean matches) {
        RuleHarness.Outcome outcome = within(() -> load(fieldRule(key, yamlValue)));
        assertThat(outcome.errors()).isEmpty();
        assertThat(outcome.matches(sysmon(Map.of("CommandLine", commandLine)))).isEqualTo(matches);
    }

    /** Nested counted repetitions that would expand beyond the bound are refused before RE2/J builds them. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            `((a{1000}){1000}){1000}` ; true
            `(?:x(?:[ab]{500}|c){500}){500}` ; true
            `\\Q(\\E(a{999}){999}` ; true
            `((a{10}){10}){10}` ; false
            `a{5` ; false
            `x{12}{` ; false
            `[A-F0-9]{8}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{12}` ; false
            `(.){200,}` ; false
            `[{]{9}x{2,}[}]` ; false
            """)
    void hugeExpansionsAreRefused(String regex, boolean refused) {
        String outcome = compileOutcome(regex, 0);
        if (refused) {
            assertThat(outcome).contains("counted repetitions expand to about").contains("100,000");
        } else {
            assertThat(outcome).isEqualTo("compiled");
            assertThat(RegexGuard.size(regex)).isLessThan(RegexGuard.MAX_SIZE / 10);
        }
    }

    /** Captures count (two instructions each), and groups nest at most 1,000 deep (deeper, RE2/J's stack overflows). */
    @Test
    void deepOrManyGroupsAreRefused() {
        String fifty = "(".repeat(50) + "a" + ")".repeat(50) + "{99}){999}";
        assertThat(RegexGuard.size("(" + fifty)).isGreaterThan(RegexGuard.MAX_SIZE);
        for (String regex : List.of("(".repeat(10_000) + "a" + ")".repeat(10_000), "(a|".repeat(20_000) + "b" + ")".repeat(20_000))) {
            String outcome = compileOutcome(regex, 0);
            assertThat(outcome).isEqualTo("groups nested more than 1000 deep");
        }
        assertThat(within(() -> ValueTests.compileRegex("(".repeat(900) + "a" + ")".repeat(900), 0)).matcher("a").find())
                .isTrue();
    }

    @Test
    void theGuardLetsRe2jReportSyntaxErrors() {
        assertThat(compileOutcome("(?i)[ᲀ", 0)).contains("U+1C80");
        assertThat(compileOutcome("(?i)(a", 0)).doesNotContain("U+").isNotEqualTo("compiled");
        assertThat(within(() -> Pattern.compile("[Ѐ-ӿ]", Pattern.CASE_INSENSITIVE).matches("ӂ"))).isTrue();
    }

    /** "compiled", or the description of the refusal or syntax error; within ten seconds. */
    private static String compileOutcome(String regex, int flags) {
        return within(() -> {
            try {
                ValueTests.compileRegex(regex, flags);
                return "compiled";
            } catch (PatternSyntaxException refusal) {
                return refusal.getDescription();
            }
        });
    }

    /** The result of {@code work}, run on a daemon thread; fails when it takes more than ten seconds. */
    private static <T> T within(java.util.function.Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(work.get());
            } catch (Throwable thrown) {
                failure.set(thrown);
            }
        }, "regex-fold-guard-test");
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(10_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            fail("still compiling after 10 s: the guard let through a regex RE2/J cannot fold");
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }
}
