package dev.vigil.engine;

import com.google.re2j.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The literal required by a regular expression, and that every text the regex finds a match in contains it. */
class RegexLiteralsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '%', value = {
            "abc%abc",
            "^powershell\\.exe$%powershell.exe",
            "foo.*barbaz%barbaz",
            "abcd?ef%abc",
            "ab+cdef%cdef",
            "(?i)Invoke-Mimikatz%invoke-mimikatz",
            "x(abc|def)yz%yz",
            "a|%''",
            "a%a",
            "abc|def%''",
            "[a-z]+\\.dll%.dll",
            "\\d{3}-server%-server",
            "\\x41BCDEF%''",
            "\\\\Windows\\\\Temp\\\\%\\windows\\temp\\",
            "é-accentué%-accentu",
            "ab{2,3}cdef%cdef",
            "[[:alpha:]]xyz%''",
            "(unclosed%''",
    })
    void findsTheLongestTopLevelLiteral(String regex, String expected) {
        assertThat(RegexLiterals.required(regex)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyTextWithAMatchContainsTheLiteralOnceFolded(long seed) {
        Random random = new Random(seed);
        String atoms = "aB.\\.*+?|()[]^$c{2}x";
        int checked = 0;
        for (int round = 0; round < 2000; round++) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                regex.append(atoms.charAt(random.nextInt(atoms.length())));
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex.toString());
            } catch (RuntimeException invalid) {
                continue;
            }
            String literal = RegexLiterals.required(regex.toString());
            for (int t = 0; t < 20; t++) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < random.nextInt(10); i++) {
                    text.append("aAbBc.x{}2|".charAt(random.nextInt(11)));
                }
                if (pattern.matcher(text).find()) {
                    checked++;
                    assertThat(TextMatcher.fold(text.toString())).as("/%s/ on '%s'", regex, text).contains(literal);
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
    }
}
