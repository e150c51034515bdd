package dev.vigil.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RegexGuard} reads any text as a regex without looping, without an exception other than its refusal, and in
 * time linear in the text: generated from the syntax's own characters (brackets, braces, escapes, flag groups, the
 * nine characters it refuses) in the plain suite, and fuzzer-made with {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=RegexGuardFuzzTest}. It does not compile what the guard lets through (RE2/J's own syntax errors are not the
 * guard's concern, and what it refuses is tested in {@code RegexGuardTest}).
 */
class RegexGuardFuzzTest {
    private static final String[] PIECES = {"(", ")", "(?i)", "(?i:", "(?-i)", "[", "]", "[^", "[:", ":]", "[[:alpha:]]",
        "{", "}", "{5", "{2,}", "{1,3}", "{1000}", ",", "-", "\\", "\\x", "\\x{", "\\x{1C80}", "\\x{00000001C81}",
        "\\0", "\\Q", "\\E", "\\p", "\\pL", "\\p{L}", "\\d", "a", "ᲀ", "ᲈ", "Ᲊ", "\uD83D\uDE00", "\uD83D", "|", "*", "+",
        "?", "."};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void generatedTextsAreReadWithoutLoopingOrThrowing(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder regex = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                regex.append(PIECES[random.nextInt(PIECES.length)]);
            }
            read(regex.toString(), random.nextBoolean() ? Pattern.CASE_INSENSITIVE : 0);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void anyTextIsReadWithoutLoopingOrThrowing(FuzzedDataProvider data) {
        int flags = data.consumeBoolean() ? Pattern.CASE_INSENSITIVE : 0;
        read(data.consumeRemainingAsString(), flags);
    }

    /** The guard's answer on one text; any exception but its refusal fails (a loop fails by the run's time limit). */
    private static void read(String regex, int flags) {
        long size = RegexGuard.size(regex);
        assertThat(size).as(regex).isNotNegative();
        try {
            RegexGuard.check(regex, flags);
        } catch (PatternSyntaxException refused) {
            assertThat(refused.getDescription()).as(regex).isNotBlank();
        }
    }
}
