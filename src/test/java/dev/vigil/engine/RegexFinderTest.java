package dev.vigil.engine;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engines of {@link RegexFinder} give RE2/J's answer: on generated regular expressions over generated texts
 * (with the characters where engines differ: the Kelvin sign, the long s, newlines, surrogate pairs), on chosen
 * cases, and in linear time. {@link RegexCorpusParityTest} compares them on SigmaHQ's regexes over real values.
 */
class RegexFinderTest {
    // No class over U+1C80-U+1C88: RE2/J 1.8 never finishes case-folding them (RegexGuard).
    static final String[] ATOMS = {"a", "B", "k", "s", "S", ".", "\\.", "\\w", "\\W", "\\s", "\\S", "\\d",
        "\\D", "*", "+", "?", "{2}", "{1,3}", "{2,}", "*?", "|", "(", ")", "(?:", "(?i)", "(?i:", "(?s)", "(?-i)",
        "[a-c]", "[^a]", "[\\w-]", "[ks]", "[^\\s]", "[K-T]", "^", "$", "-", "`", "é", "\\\\", "\\n", "x{1000}",
        "[\uD7FF-\uDFFF]", "\u0101", "(\\s+|-)", "(a*|b)", ".."};
    static final String TEXT_CHARACTERS = "aAbBkKsSxX-` \n\t.\\0é\u212A\u017F\uD83D\uDE00\uD83D";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void generatedRegexesAgreeWithRe2j(long seed) {
        Random random = new Random(seed);
        int compared = 0;
        int automata = 0;
        int matched = 0;
        for (int round = 0; round < 1500; round++) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < 1 + random.nextInt(9); i++) {
                regex.append(ATOMS[random.nextInt(ATOMS.length)]);
            }
            int flags = random.nextInt(4) == 0 ? Pattern.CASE_INSENSITIVE : 0;
            flags |= random.nextInt(6) == 0 ? Pattern.DOTALL : 0;
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex.toString(), flags);
            } catch (RuntimeException invalid) {
                continue;
            }
            RegexFinder finder = RegexFinder.of(pattern);
            if (!finder.engine().equals("re2j")) {
                automata++;
            }
            for (int t = 0; t < 25; t++) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < random.nextInt(14); i++) {
                    text.append(TEXT_CHARACTERS.charAt(random.nextInt(TEXT_CHARACTERS.length())));
                }
                boolean expected = pattern.matcher(text).find();
                matched += expected ? 1 : 0;
                assertThat(finder.find(text.toString())).as("/%s/ (flags %d) on '%s'", regex, flags, text)
                        .isEqualTo(expected);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(10_000);
        assertThat(automata).as("regexes the automaton reads").isGreaterThan(500);
        assertThat(matched).isGreaterThan(compared / 10);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '%', value = {
            // regex % flags (i, s) % text (\\n: a newline) % expected
            "(?i)k% % \u212A% true",
            "(?i)[a-z]% % \u017F% true",
            "(?i)\\w% % \u212A% true",
            "(?i)\\W% % \u212A% false",
            "\\w% % \u212A% false",
            "(?i)[^k]% % \u212A% false",
            "k% i% \u212A% true",
            "^abc$% % abc% true",
            "^abc$% % abc\\n% false",
            "^$% % ''% true",
            "^ab% % xab% false",
            "^ab|cd% % xxcd% true",
            "^(?:ab|x)c% % xc% true",
            "a.c% % a\\nc% false",
            "a.c% s% a\\nc% true",
            "(?s)a.c% % a\\nc% true",
            "[^a]% % \\n% true",
            "a.b% % a\uD83D\uDE00b% true",
            "a..b% % a\uD83D\uDE00b% false",
            "(?:a{2}){3}% % aaaaa% false",
            "(?:a{2}){3}% % aaaaaa% true",
            "x{,2}% % x{,2}% true",
            "a{% % a{% true",
            ".{3,}% % ab\\ncd% false",
            ".{3,}% % ab\\ncde% true",
            ".{3}% s% ab\\nc% true",
            ".{2,}% % a\uD83D\uDE00% true",
            ".{3,}% % a\uD83D\uDE00% false",
            "(?i)(set).*&&\\s?set% % SET x && set% true",
            "(?i)\\$\\{`?e% % x\uD83D\uDE00 $ ${`E% true",
            "(?i)\\$\\{`?e% % x\uD83D\uDE00 $ ${`f% false",
            "\"(\\{\\d\\}){2,}\"\\s*-f% % \"{1}\" \"{1}{2}\"  -f% true",
            "\\w+`(\\w+|-|.)`[\\w+|\\s]% % IN`V`o% true",
            "\\w+`(\\w+|-|.)`[\\w+|\\s]% % IN`V`% false",
            // ß maps to itself every way in Java, but the capital sharp s lowers to it: RE2/J's (?i) matches one for the other
            "(?i)stra\u00DFe% % STRA\u1E9EE% true",
            "(?i)stra[\u00DF]e% % stra\u1E9Ee% true",
    })
    void chosenCasesAgreeWithRe2j(String regex, String flagLetters, String text, boolean expected) {
        int flags = flagLetters == null ? 0 : (flagLetters.contains("i") ? Pattern.CASE_INSENSITIVE : 0)
                | (flagLetters.contains("s") ? Pattern.DOTALL : 0);
        Pattern pattern = Pattern.compile(regex, flags);
        String value = text == null ? "" : text.replace("\\n", "\n");
        assertThat(pattern.matcher(value).find()).as("RE2/J itself").isEqualTo(expected);
        assertThat(RegexFinder.of(pattern).find(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '%', value = {".{1000,}% length", ".{5}% length", "(Get-Item|gci).{1,64}-Path% dfa", "(?i)\\w+`(\\w+|-|.)`% dfa",
            "\\bword\\b% re2j", "\\p{Greek}% re2j", "(?i)é% re2j", "(?i)\u00DF% re2j", "(?m)^a% re2j", "[[:alpha:]]% re2j",
            "(a{1,50}){1,50}% re2j"})
    void picksTheCheapestEngineThatAgrees(String regex, String engine) {
        assertThat(RegexFinder.of(Pattern.compile(regex)).engine()).isEqualTo(engine);
    }

    /** Patterns that are exponential for a backtracking engine, over long texts that almost match. */
    @ParameterizedTest
    @ValueSource(strings = {"(a+)+$", "(a|aa)*b", "(a*)*b", "(.*a){20}!", "^(a?){50}a{50}$", "(x+x+)+y",
            "(?i)(a|b|ab)*c", ".{1,64}a.{1,64}b.{1,64}c"})
    @Timeout(10)
    void linearOnPathologicalPatterns(String regex) {
        Pattern pattern = Pattern.compile(regex);
        RegexFinder finder = RegexFinder.of(pattern);
        assertThat(finder.engine()).isEqualTo("dfa");
        Random random = new Random(7);
        for (String text : new String[] {"a".repeat(200_000) + "!", "x".repeat(200_000), randomText(random, 200_000)}) {
            assertThat(finder.find(text)).as(regex).isEqualTo(pattern.matcher(text).find());
        }
    }

    @Test
    void aFullCacheIsEmptiedAndTheAnswerStaysRight() {
        // Every position of a long random text over a few letters gives a different set of live states.
        Pattern pattern = Pattern.compile("a.{1,40}b.{1,40}c.{1,40}d.{1,40}[eq]q");
        RegexDfa.Matcher matcher = RegexDfa.compile(pattern.pattern(), 0).matcher();
        Random random = new Random(3);
        for (int round = 0; round < 30; round++) {
            String text = randomText(random, 20_000);
            assertThat(matcher.find(text)).isEqualTo(pattern.matcher(text).find());
        }
        assertThat(matcher.cacheResets()).isPositive();
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append("abcdefxyz".charAt(random.nextInt(9)));
        }
        return text.toString();
    }
}
