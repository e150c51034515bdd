package dev.vigil.engine;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.re2j.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RegexDfa} against RE2/J on fuzzer-made regular expressions (pieces of the syntax the automaton reads, and
 * raw strings) and texts (the characters where engines differ, and raw strings), each text read short and repeated
 * into a long one by the same matcher: whenever the automaton reads the regex, it answers as RE2/J's {@code find()}.
 * In a plain {@code mvn test} this runs once over the seed inputs in {@code RegexDfaFuzzTestInputs/}; fuzz with
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=RegexDfaFuzzTest}.
 */
class RegexDfaFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void agreesWithRe2j(FuzzedDataProvider data) {
        StringBuilder regex = new StringBuilder();
        for (int n = data.consumeInt(1, 10); n > 0; n--) {
            if (data.consumeInt(0, 3) > 0) {
                regex.append(RegexFinderTest.ATOMS[data.consumeInt(0, RegexFinderTest.ATOMS.length - 1)]);
            } else {
                regex.append(data.consumeString(3));
            }
        }
        int flags = (data.consumeBoolean() ? Pattern.CASE_INSENSITIVE : 0) | (data.consumeBoolean() ? Pattern.DOTALL : 0);
        int repeat = data.consumeInt(2, 300);
        StringBuilder text = new StringBuilder();
        for (int n = data.consumeInt(0, 30); n > 0; n--) {
            if (data.consumeInt(0, 4) > 0) {
                String characters = RegexFinderTest.TEXT_CHARACTERS;
                text.append(characters.charAt(data.consumeInt(0, characters.length() - 1)));
            } else {
                text.append(data.consumeChar());
            }
        }
        text.append(data.consumeRemainingAsString());
        Pattern pattern;
        try {
            // through the rule compiler's guard: RE2/J 1.8 never finishes compiling U+1C80-U+1C88 case-insensitively
            pattern = ValueTests.compileRegex(regex.toString(), flags);
        } catch (RuntimeException invalid) {
            return;
        }
        RegexDfa dfa = RegexDfa.compile(pattern.pattern(), pattern.flags());
        if (dfa == null) {
            return;
        }
        RegexDfa.Matcher matcher = dfa.matcher();
        String shortText = text.toString();
        for (String value : new String[] {shortText, shortText.repeat(repeat), "", shortText}) {
            assertThat(matcher.find(value)).as("/%s/ (flags %d) on '%s'", regex, flags, value)
                    .isEqualTo(pattern.matcher(value).find());
        }
    }
}
